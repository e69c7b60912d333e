using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Azure.Storage.Queues;
using FashionFunctions.Core.Dataset;
using FashionFunctions.Core.Predict;
using FashionFunctions.Core.Training;
using FashionFunctions.Predict;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Runtime;

/// <summary>
/// Batch scoring scaled out: two instances of the app (processes) share MariaDB, Azurite and the score queue; one is
/// killed mid-way, like a crashed instance.
/// </summary>
[Collection(RuntimeCollection.Name)]
public sealed class BatchScaleOutTests
{
    [Fact]
    public async Task A_batch_split_over_two_instances_one_killed_mid_way_ends_with_every_image_scored_exactly_once()
    {
        await using var database = await TestDatabase.CreateAsync("scaleout");
        var container = $"models-scaleout-{TestEnvironment.RunId}";
        long version;
        await using (var setup = await FashionApp.StartAsync(database, new Dictionary<string, string?> { ["Training:ModelsContainer"] = container, ["Training:Trainer"] = "sdca" }))
        {
            await setup.Get<DatasetImporter>().ImportAsync(DatasetSource.Parse(TestEnvironment.DatasetFolder), null, CancellationToken.None);
            var trained = await setup.Get<RetrainService>().RunAsync(
                new RetrainRequest { Options = new RetrainOverrides { TrainLimit = 2000, Hyperparameters = new() { ["iterations"] = System.Text.Json.JsonSerializer.SerializeToElement(5) } } }, "test", CancellationToken.None);
            version = trained.Model!.Version;
        }

        var settings = LocalHostProcess.Settings(database);
        settings["Training:ModelsContainer"] = container;
        settings["Predict:ScoreQueue"] = $"scaleout-{TestEnvironment.RunId}";
        settings["Predict:BatchChunkSize"] = "500";
        var log = new FunctionLog();
        await using var first = await LocalHostProcess.StartAsync("first", settings, log);
        await using var second = await LocalHostProcess.StartAsync("second", settings, log);
        var queue = new QueueServiceClient(TestEnvironment.Storage, StorageClients.DefaultQueueOptions()).GetQueueClient(settings["Predict:ScoreQueue"]);
        try
        {
            var response = await first.Http.PostAsJsonAsync("/api/predictions/batch", new { use = "Testing" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var batch = await response.Content.ReadFromJsonAsync<JsonElement>();
            var batchId = batch.GetProperty("batchId").GetString()!;
            var chunks = batch.GetProperty("chunks").GetInt32();
            Assert.Equal(20, chunks);
            Assert.Equal(version, batch.GetProperty("modelVersion").GetInt64());

            // The second instance has scored a chunk and goes on to the next: kill it there.
            Assert.True((await log.NextAsync(i => i.Function == nameof(ScoreFromQueue) && i.Host == second.Name, TimeSpan.FromMinutes(2))).Succeeded,
                string.Join('\n', second.Lines.TakeLast(30)));
            await second.KillAsync();

            // What the dead instance held stays invisible for the queue trigger's 10-minute lease, as in Azure. Instead of
            // waiting, deliver every chunk again — the worst a redelivery can do — and let the survivor finish the batch.
            await Task.WhenAll(ScoreQueue.ChunkMessages(new ScoreBatch
            {
                BatchId = batchId, Use = ImageUse.Testing, ModelVersion = version, Images = 10_000, ChunkSize = 500, Chunks = chunks,
            }).Select(message => queue.SendMessageAsync(message)));
            JsonElement status;
            do
            {
                Assert.True((await log.NextAsync(i => i.Function == nameof(ScoreFromQueue) && i.Host == first.Name, TimeSpan.FromMinutes(2))).Succeeded,
                    string.Join('\n', first.Lines.TakeLast(30)));
                status = await first.Http.GetFromJsonAsync<JsonElement>($"/api/predictions/batch/{batchId}");
            }
            while (status.GetProperty("status").GetString() != "succeeded");

            Assert.Equal(chunks, status.GetProperty("chunks").GetProperty("done").GetInt32());
            Assert.Equal(10_000, status.GetProperty("scored").GetInt64());
            Assert.Equal(10_000, status.GetProperty("inserted").GetInt64());
            Assert.Equal(10_000, await database.ScalarAsync<long>(
                "SELECT COUNT(*) FROM predictions WHERE source = 'batch' AND model_version = @version AND img_use = 2", new { version }));
            Assert.Equal(10_000, await database.ScalarAsync<long>(
                "SELECT COUNT(DISTINCT img_idx) FROM predictions WHERE source = 'batch' AND model_version = @version AND img_use = 2", new { version }));
            Assert.Contains(log.Seen, i => i.Function == nameof(ScoreFromQueue) && i.Host == second.Name && i.Succeeded);
            // The batch can finish before the survivor meets a copy of a chunk already scored; that copy is on its way.
            await log.UntilAsync(nameof(ScoreFromQueue),
                () => Task.FromResult(first.Lines.Any(line => line.Contains("was scored already", StringComparison.Ordinal))), TimeSpan.FromMinutes(2));
        }
        finally
        {
            await queue.DeleteIfExistsAsync();
            await new Azure.Storage.Blobs.BlobServiceClient(TestEnvironment.Storage).GetBlobContainerClient(container).DeleteIfExistsAsync();
        }
    }
}
