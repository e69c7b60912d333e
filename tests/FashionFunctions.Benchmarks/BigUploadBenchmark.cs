using System.Net.Http.Headers;
using FashionFunctions.Core.Training;
using FashionFunctions.Training;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace FashionFunctions.Benchmarks;

/// <summary>
/// The decoder's memory budget under hostile uploads: clients POST the same huge, almost blank image (small on the wire,
/// up to 160 MB once decoded) to /api/predict through the local host, while the process's working set is sampled.
/// Reports the peak and the working set after the load, latencies and statuses (400 = refused from its header,
/// 503 = every decoder busy for too long). Options: [requests=64] [clients=16] [png|jpeg=png] [width=6400] [height=6250].
/// </summary>
public sealed class BigUploadBenchmark : IBenchmark
{
    public string Name => "big-uploads";

    public async Task RunAsync(string[] args)
    {
        var requests = args.Length > 0 ? int.Parse(args[0]) : 64;
        var clients = args.Length > 1 ? int.Parse(args[1]) : 16;
        var format = args.Length > 2 && args[2] == "jpeg" ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png;
        var (width, height) = (args.Length > 3 ? int.Parse(args[3]) : 6400, args.Length > 4 ? int.Parse(args[4]) : 6250);
        await using var database = await BenchmarkDatabase.CreateAsync("bigupload");
        var settings = database.HostSettings();
        settings["Training:Trainer"] = "sdca";
        settings["Training:ModelsContainer"] = $"models-bench-{Environment.ProcessId}";
        await using (var services = await database.ServicesAsync(import: true, settings))
        {
            await services.GetRequiredService<RetrainService>().RunAsync(
                new RetrainRequest { Force = true, Options = new RetrainOverrides { TrainLimit = 3000 } }, "benchmark", CancellationToken.None);
        }

        var image = WhiteImage(width, height, format);
        Console.WriteLine($"big-uploads: {width}x{height} ({(double)width * height / 1e6:F0} megapixels) {format} of {image.Length / 1e3:F0} KB, {requests} requests from {clients} clients");
        // Its own process, as served: the working set is the server's alone, not this benchmark's or the training's.
        await using var host = await HostProcess.StartAsync("server", settings);
        var http = host.Http;
        http.Timeout = TimeSpan.FromMinutes(5);
        HttpRequestMessage Request(int i)
        {
            var content = new ByteArrayContent(image);
            content.Headers.ContentType = new MediaTypeHeaderValue(format == SKEncodedImageFormat.Png ? "image/png" : "image/jpeg");
            return new HttpRequestMessage(HttpMethod.Post, "/api/predict") { Content = content };
        }

        using (var probe = await http.SendAsync(Request(0)))
        {
            var body = await probe.Content.ReadAsStringAsync();
            Console.WriteLine($"big-uploads: one upload answers {(int)probe.StatusCode} {body[..Math.Min(body.Length, 200)]}");
        }

        var before = host.WorkingSet;
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            while (!sampling.IsCancellationRequested && await timer.WaitForNextTickAsync(CancellationToken.None))
            {
                peak = Math.Max(peak, host.WorkingSet);
            }
        });
        var result = await LoadGenerator.RunAsync(http, requests, clients, Request);
        await sampling.CancelAsync();
        await sampler;
        await Task.Delay(TimeSpan.FromSeconds(5)); // a benchmark may wait: how much the server gives back when idle
        Console.WriteLine($"big-uploads: {result}");
        Console.WriteLine($"big-uploads: server working set {before / 1e6:F0} MB after one upload, peak {peak / 1e6:F0} MB during the load, {host.WorkingSet / 1e6:F0} MB 5 s after it");
    }

    private static byte[] WhiteImage(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(SKColors.White);
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }
}
