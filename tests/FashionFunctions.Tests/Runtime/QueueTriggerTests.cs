using Azure.Storage.Queues;
using FashionFunctions.Core.Training;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Runtime;

/// <summary>Queue triggers on the real trigger engine over Azurite, with host.json's queue settings.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class QueueTriggerTests
{
    [Fact]
    public async Task A_malformed_retrain_message_is_tried_maxDequeueCount_times_then_lands_in_the_poison_queue_unchanged()
    {
        var maxDequeueCount = HostJsonQueues().GetProperty("maxDequeueCount").GetInt32();
        await using var database = await TestDatabase.CreateAsync("poison");
        await using var app = await FashionApp.StartAsync(database, new Dictionary<string, string?>
        {
            // host.json waits 30 s before a failed message is tried again; an app setting overrides it, as in Azure.
            ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:01",
        });
        var queue = app.Get<RetrainQueue>().Client;
        var poison = app.Get<QueueServiceClient>().GetQueueClient($"{queue.Name}-poison");
        try
        {
            await queue.CreateIfNotExistsAsync();
            await queue.SendMessageAsync("{\"trainer\": \"tensorflow\"}");

            for (var attempt = 1; attempt <= maxDequeueCount; attempt++)
            {
                Assert.False((await app.Functions.NextAsync(nameof(RetrainFromQueue), TimeSpan.FromMinutes(1))).Succeeded);
            }

            Assert.Equal(poison.Name, await app.Functions.NextPoisonedAsync(TimeSpan.FromSeconds(30)));
            var moved = (await poison.ReceiveMessagesAsync(10)).Value;
            Assert.Equal("{\"trainer\": \"tensorflow\"}", Assert.Single(moved).MessageText);
            Assert.Empty((await queue.PeekMessagesAsync(10)).Value);
            Assert.Equal(maxDequeueCount, app.Functions.Seen.Count(i => i.Function == nameof(RetrainFromQueue)));
            Assert.Equal(0, await database.ScalarAsync<long>("SELECT COUNT(*) FROM models"));
        }
        finally
        {
            await queue.DeleteIfExistsAsync();
            await poison.DeleteIfExistsAsync();
        }
    }

    private static System.Text.Json.JsonElement HostJsonQueues() =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")))
            .RootElement.GetProperty("extensions").GetProperty("queues");
}
