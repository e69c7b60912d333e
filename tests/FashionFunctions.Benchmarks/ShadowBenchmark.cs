using System.Net.Http.Headers;
using Dapper;
using FashionFunctions.Core.Data;
using FashionFunctions.Core.Dataset;
using FashionFunctions.Core.Shadow;
using FashionFunctions.Core.Training;
using FashionFunctions.LocalHost;
using FashionFunctions.Shadow;
using FashionFunctions.Training;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace FashionFunctions.Benchmarks;

/// <summary>
/// What a shadow model costs each answer: POST /api/predict (PNG, with the database write, one client) through the local
/// host without a shadow, with one, and without again, in alternating rounds so drift on a shared machine evens out.
/// Options: [trainer=sdca] [requests per round=1000] [rounds=3].
/// </summary>
public sealed class ShadowBenchmark : IBenchmark
{
    public string Name => "shadow";

    public async Task RunAsync(string[] args)
    {
        var trainer = args.Length > 0 ? args[0] : "sdca";
        var requests = args.Length > 1 ? int.Parse(args[1]) : 1000;
        var rounds = args.Length > 2 ? int.Parse(args[2]) : 3;
        await using var database = await BenchmarkDatabase.CreateAsync("shadow");
        var container = $"models-shadow-{Environment.ProcessId}";
        var settings = database.HostSettings();
        settings["Training:Trainer"] = trainer;
        settings["Training:ModelsContainer"] = container;
        settings["Predict:ModelCheckSeconds"] = "0";
        await using var app = LocalFunctionsHost.Build([], settings);
        await app.StartAsync();
        var services = app.Services;
        await services.GetRequiredService<SchemaMigrator>().MigrateAsync(CancellationToken.None);
        await services.GetRequiredService<DatasetImporter>().ImportAsync(DatasetSource.Parse(BenchmarkDatabase.DatasetFolder), null, CancellationToken.None);
        var retrain = services.GetRequiredService<RetrainService>();
        var active = (await retrain.RunAsync(new RetrainRequest { Force = true }, "benchmark", CancellationToken.None)).Model!;
        var candidate = (await retrain.RunAsync(new RetrainRequest { Options = new RetrainOverrides { TrainLimit = 10_000 } }, "benchmark", CancellationToken.None)).Model!;
        Console.WriteLine($"shadow: active v{active.Version} ({trainer}, {active.Accuracy:P2}), candidate v{candidate.Version} ({candidate.Accuracy:P2}, status {candidate.Status})");

        await using var connection = new MySqlConnection(database.ConnectionString);
        var pngs = (await connection.QueryAsync<byte[]>("SELECT img_blob FROM tf_images WHERE img_use = 2 ORDER BY img_idx LIMIT 1000")).ToArray();
        using var http = new HttpClient { BaseAddress = app.BaseAddress() };
        HttpRequestMessage Request(int i)
        {
            var content = new ByteArrayContent(pngs[i % pngs.Length]);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            return new HttpRequestMessage(HttpMethod.Post, "/api/predict") { Content = content };
        }

        var shadows = services.GetRequiredService<ShadowModels>();
        await LoadGenerator.RunAsync(http, 500, 1, Request);
        var without = new List<LoadResult>();
        var with = new List<LoadResult>();
        for (var round = 0; round < rounds; round++)
        {
            without.Add(await LoadGenerator.RunAsync(http, requests, 1, Request));
            await shadows.SetAsync(candidate.Version, CancellationToken.None);
            with.Add(await LoadGenerator.RunAsync(http, requests, 1, Request));
            await shadows.UnsetAsync(candidate.Version, CancellationToken.None);
        }

        var shadowRows = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM predictions WHERE shadow");
        double Median(IEnumerable<double> values) => values.Order().ElementAt(rounds / 2);
        Console.WriteLine($"shadow: without, {rounds} rounds of {requests}: p50 {Median(without.Select(r => r.P50Ms)):F2} ms, p99 {Median(without.Select(r => r.P99Ms)):F2} ms (median of rounds)");
        Console.WriteLine($"shadow: with,    {rounds} rounds of {requests}: p50 {Median(with.Select(r => r.P50Ms)):F2} ms, p99 {Median(with.Select(r => r.P99Ms)):F2} ms (median of rounds)");
        Console.WriteLine($"shadow: shadow rows written {shadowRows:N0} for {with.Sum(r => r.StatusCounts.GetValueOrDefault(200)):N0} answers with a shadow");
        await services.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(container).DeleteIfExistsAsync();
    }
}
