using System.Diagnostics;
using System.Net.Http.Headers;
using Dapper;
using FashionFunctions.Core.Data;
using FashionFunctions.Core.Dataset;
using FashionFunctions.Core.Images;
using FashionFunctions.Core.Predict;
using FashionFunctions.Core.Training;
using FashionFunctions.LocalHost;
using FashionFunctions.Predict;
using FashionFunctions.Training;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace FashionFunctions.Benchmarks;

/// <summary>
/// Prediction speed: in-process latency (decoded image, PNG), HTTP through the local host with the database write
/// (1 and 16 clients), batch scoring of the 10,000 Testing images, and a bounded load of many predictions at 32
/// clients with rows checked against responses and memory before/after. Options: [trainer=lightgbm] [loadRequests=20000].
/// </summary>
public sealed class PredictionBenchmark : IBenchmark
{
    public string Name => "predict";

    public async Task RunAsync(string[] args)
    {
        var trainer = args.Length > 0 ? args[0] : new TrainingOptions().Trainer;
        var loadRequests = args.Length > 1 ? int.Parse(args[1]) : 20_000;
        await using var database = await BenchmarkDatabase.CreateAsync("predict");
        var container = $"models-bench-{Environment.ProcessId}";
        var settings = database.HostSettings();
        settings["Training:Trainer"] = trainer;
        settings["Training:ModelsContainer"] = container;
        await using var app = LocalFunctionsHost.Build([], settings);
        await app.StartAsync();
        var services = app.Services;
        await services.GetRequiredService<SchemaMigrator>().MigrateAsync(CancellationToken.None);
        await services.GetRequiredService<DatasetImporter>().ImportAsync(DatasetSource.Parse(BenchmarkDatabase.DatasetFolder), null, CancellationToken.None);
        var trained = await services.GetRequiredService<RetrainService>().RunAsync(new RetrainRequest { Force = true }, "benchmark", CancellationToken.None);
        Console.WriteLine($"predict: model v{trained.Model!.Version} ({trainer}), accuracy {trained.Model.Accuracy:P2}");

        var pngs = await TestingPngs(services.GetRequiredService<MySqlDataSource>(), 1000);
        var decoded = pngs.Select(GrayscalePng.Decode).ToArray();
        var model = await services.GetRequiredService<ActiveModel>().GetAsync(CancellationToken.None);
        Report("in-process, decoded 28x28", Measure(2000, i => model.Score(PredictionService.PixelsToVector(decoded[i % decoded.Length]))));
        Report("in-process, PNG (decode + preprocess + score)", Measure(2000, i => model.Score(PredictionService.PixelsToVector(ImagePreprocessor.Preprocess(pngs[i % pngs.Length], null).Pixels))));

        using var http = new HttpClient { BaseAddress = app.BaseAddress() };
        HttpRequestMessage Request(int i)
        {
            var content = new ByteArrayContent(pngs[i % pngs.Length]);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            return new HttpRequestMessage(HttpMethod.Post, "/api/predict") { Content = content };
        }

        await LoadGenerator.RunAsync(http, 500, 4, Request);
        Console.WriteLine($"predict: HTTP POST /api/predict (PNG, with the database write), 1 client: {await LoadGenerator.RunAsync(http, 2000, 1, Request)}");
        Console.WriteLine($"predict: HTTP POST /api/predict (PNG, with the database write), 16 clients: {await LoadGenerator.RunAsync(http, 5000, 16, Request)}");

        var batch = await services.GetRequiredService<BatchScorer>().ScoreAsync(ImageUse.Testing, null, CancellationToken.None);
        Console.WriteLine($"predict: batch scoring of {batch.Scored:N0} Testing images: {batch.Seconds:F1} s ({batch.Inserted:N0} rows), accuracy {batch.Accuracy:P2}");

        var rowsBefore = await Count(database.ConnectionString);
        var memoryBefore = LoadGenerator.ManagedHeapAfterGc();
        var load = await LoadGenerator.RunAsync(http, loadRequests, 32, Request);
        var memoryAfter = LoadGenerator.ManagedHeapAfterGc();
        var rowsAdded = await Count(database.ConnectionString) - rowsBefore;
        Console.WriteLine($"predict: load, 32 clients: {load}");
        Console.WriteLine($"predict: load: 5xx {load.ServerErrors}; predictions rows added {rowsAdded:N0} for {load.StatusCounts.GetValueOrDefault(200):N0} successful responses");
        Console.WriteLine($"predict: load: managed heap after full GC {memoryBefore / 1e6:F1} MB before, {memoryAfter / 1e6:F1} MB after ({(memoryAfter - memoryBefore) / 1e6:+0.0;-0.0} MB); process working set {Environment.WorkingSet / 1e6:F0} MB");
        await services.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(container).DeleteIfExistsAsync();
    }

    private static void Report(string what, double[] ms)
    {
        Array.Sort(ms);
        Console.WriteLine($"predict: {what}: p50 {ms[ms.Length / 2]:F3} ms, p99 {ms[(int)(ms.Length * 0.99)]:F3} ms over {ms.Length:N0} predictions");
    }

    private static double[] Measure(int count, Action<int> action)
    {
        for (var i = 0; i < 200; i++)
        {
            action(i);
        }

        var ms = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action(i);
            ms[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        return ms;
    }

    private static async Task<byte[][]> TestingPngs(MySqlDataSource db, int count)
    {
        await using var connection = await db.OpenConnectionAsync();
        return [.. await connection.QueryAsync<byte[]>("SELECT img_blob FROM tf_images WHERE img_use = 2 ORDER BY img_idx LIMIT @count", new { count })];
    }

    private static async Task<long> Count(string connectionString)
    {
        await using var connection = new MySqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM predictions");
    }
}
