using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using FashionFunctions.Core.Training;
using FashionFunctions.Training;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace FashionFunctions.Benchmarks;

/// <summary>
/// POST /api/predictions/batch for the 10,000 Testing images, served by one and then by two local host processes that
/// share MariaDB, Azurite and the score queue: seconds from the request until every chunk is scored, and how the chunks
/// were shared. Options: [trainer=sdca] [chunkSize=1000].
/// </summary>
public sealed class BatchScaleOutBenchmark : IBenchmark
{
    public string Name => "batch";

    public async Task RunAsync(string[] args)
    {
        var trainer = args.Length > 0 ? args[0] : "sdca";
        var chunkSize = args.Length > 1 ? args[1] : "1000";
        await using var database = await BenchmarkDatabase.CreateAsync("batch");
        var settings = database.HostSettings();
        settings["Training:Trainer"] = trainer;
        settings["Training:ModelsContainer"] = $"models-bench-{Environment.ProcessId}";
        settings["Predict:BatchChunkSize"] = chunkSize;
        await using (var services = await database.ServicesAsync(import: true, settings))
        {
            var model = await services.GetRequiredService<RetrainService>().RunAsync(
                new RetrainRequest { Trainer = trainer, Options = new RetrainOverrides { TrainLimit = 20_000 }, Force = true }, "benchmark", CancellationToken.None);
            Console.WriteLine($"batch: model v{model.Model!.Version} ({trainer}, 20,000 training images), accuracy {model.Model.Accuracy:P2}");
        }

        foreach (var instances in new[] { 1, 2 })
        {
            await using (var connection = new MySqlConnection(database.ConnectionString))
            {
                await connection.ExecuteAsync("DELETE FROM predictions"); // every run inserts all 10,000 rows
            }

            var hosts = await Task.WhenAll(Enumerable.Range(1, instances).Select(i => HostProcess.StartAsync($"instance{i}", settings)));
            try
            {
                await RunOnceAsync(hosts, instances);
            }
            finally
            {
                foreach (var host in hosts)
                {
                    await host.DisposeAsync();
                }
            }
        }
    }

    private static async Task RunOnceAsync(HostProcess[] hosts, int instances)
    {
        var clock = Stopwatch.StartNew();
        var response = await hosts[0].Http.PostAsJsonAsync("/api/predictions/batch", new { use = "Testing" });
        var batch = await response.Content.ReadFromJsonAsync<JsonElement>();
        var location = batch.GetProperty("location").GetString()!;
        JsonElement status;
        do
        {
            await Task.Delay(100); // a benchmark may poll: it measures, it asserts nothing
            status = await hosts[0].Http.GetFromJsonAsync<JsonElement>(location);
        }
        while (status.GetProperty("status").GetString() != "succeeded");

        var seconds = clock.Elapsed.TotalSeconds;
        var scored = status.GetProperty("scored").GetInt64();
        var shares = string.Join(", ", hosts.Select(h => $"{h.Name} {h.ChunksScored}"));
        Console.WriteLine($"batch: {instances} instance(s): {scored:N0} images in {batch.GetProperty("chunks").GetInt32()} chunks, " +
            $"{seconds:F1} s from request to last chunk ({scored / seconds:N0} images/s); chunks per instance: {shares}; " +
            $"{status.GetProperty("inserted").GetInt64():N0} rows");
    }
}
