using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using FashionFunctions.Tests.Foundation;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;
using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions.Tests.Training;

/// <summary>The HTTP, queue and timer entry points, with real messages on an Azurite queue.</summary>
[Collection(TrainingDatabase.Name)]
public sealed class RetrainTriggerTests(TrainingFixture fixture)
{
    private QueueClient Queue => fixture.App.Get<RetrainQueue>().Client;

    private RetrainFromQueue QueueFunction => ActivatorUtilities.CreateInstance<RetrainFromQueue>(fixture.App.Services);

    [Fact]
    public async Task Post_retrain_enqueues_and_the_queue_function_trains_what_it_dequeues()
    {
        await Queue.CreateIfNotExistsAsync();
        await Queue.ClearMessagesAsync();
        await using var listener = await WebhookListener.StartAsync();

        var response = await fixture.App.Http.PostAsJsonAsync("/api/models/retrain",
            new { trainer = "sdca", options = new { trainLimit = 2000 }, callbackUrl = listener.Url });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var requestId = accepted.GetProperty("requestId").GetString()!;
        Assert.EndsWith($"/api/models/retrain/{requestId}", response.Headers.Location!.ToString());
        var queued = await fixture.App.Http.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal("queued", queued.GetProperty("status").GetString());

        var message = (await Queue.ReceiveMessageAsync()).Value;
        await QueueFunction.Run(message.MessageText, CancellationToken.None);
        await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);

        var done = await fixture.App.Http.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        var version = done.GetProperty("modelVersion").GetInt64();
        var model = await fixture.App.Http.GetFromJsonAsync<JsonElement>($"/api/models/{version}");
        Assert.Equal(2000, model.GetProperty("trainingRows").GetInt32());
        Assert.Equal(requestId, (await listener.NextAsync(TimeSpan.FromSeconds(30))).GetProperty("requestId").GetString());
    }

    [Theory]
    [InlineData("{not json", "Malformed")]
    [InlineData("{\"trainer\":\"tensorflow\"}", "Unknown trainer")]
    [InlineData("{\"colour\":\"red\"}", "Malformed")]
    [InlineData("{\"callbackUrl\":\"ftp://example/\"}", "callbackUrl")]
    [InlineData("{\"options\":{\"iterations\":0}}", "iterations")]
    public async Task A_malformed_message_is_rejected_with_its_reason_and_trains_nothing(string message, string reason)
    {
        await Queue.CreateIfNotExistsAsync();
        await Queue.SendMessageAsync(message);
        var received = (await Queue.ReceiveMessageAsync()).Value;
        var before = await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM models");

        var error = await Assert.ThrowsAsync<MalformedMessageException>(() => QueueFunction.Run(received.MessageText, CancellationToken.None));

        Assert.Contains(reason, error.Message);
        Assert.Equal(before, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM models"));
        await Queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
    }

    [Theory]
    [InlineData("{\"trainer\":\"nope\"}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"requestId\":\"../../etc\"}")]
    [InlineData("{\"options\":{\"trainLimit\":5}}")]
    public async Task A_bad_retrain_body_gets_400_and_enqueues_nothing(string body)
    {
        await Queue.CreateIfNotExistsAsync();
        await Queue.ClearMessagesAsync();

        var response = await fixture.App.Http.PostAsync("/api/models/retrain", new StringContent(body, Encoding.UTF8, "application/json"));

        await ExploreApiTests.AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Empty((await Queue.PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task An_oversized_retrain_body_gets_413()
    {
        var response = await fixture.App.Http.PostAsync("/api/models/retrain", new StringContent(new string(' ', 100_000), Encoding.UTF8, "application/json"));

        await ExploreApiTests.AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task The_timer_function_runs_a_whole_retrain()
    {
        var before = await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM retrain_requests WHERE source = 'timer' AND status = 'succeeded'");
        var timer = ActivatorUtilities.CreateInstance<RetrainOnSchedule>(fixture.App.Services);

        await timer.Run(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None);

        Assert.Equal(before + 1, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM retrain_requests WHERE source = 'timer' AND status = 'succeeded'"));
    }
}
