using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text;
using FashionFunctions.Core.Training;
using FashionFunctions.Tests.Foundation;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;
using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions.Tests.Training;

/// <summary>The HTTP, queue and timer entry points, with real messages on an Azurite queue and the real trigger engine.</summary>
[Collection(TrainingDatabase.Name)]
public sealed class RetrainTriggerTests(TrainingFixture fixture)
{
    private RetrainFromQueue QueueFunction => ActivatorUtilities.CreateInstance<RetrainFromQueue>(fixture.App.Services);

    [Fact]
    public async Task A_retrain_asked_over_http_is_trained_by_the_queue_trigger_and_ends_succeeded_with_a_new_model()
    {
        await using var listener = await WebhookListener.StartAsync();
        var latest = (await fixture.App.Get<ModelRegistry>().ListAsync(1, CancellationToken.None)).FirstOrDefault()?.Version ?? 0;

        var response = await fixture.App.Http.PostAsJsonAsync("/api/models/retrain",
            new { trainer = "sdca", options = new { trainLimit = 2000 }, callbackUrl = listener.Url });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var requestId = accepted.GetProperty("requestId").GetString()!;
        Assert.EndsWith($"/api/models/retrain/{requestId}", response.Headers.Location!.ToString());
        var asked = await fixture.App.Http.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal("http", asked.GetProperty("source").GetString());
        Assert.True(asked.GetProperty("waitedSeconds").GetDouble() >= 0);

        // The webhook is called when the run ends: the event to wait for.
        Assert.Equal(requestId, (await listener.NextAsync(TimeSpan.FromMinutes(3))).GetProperty("requestId").GetString());
        var done = await fixture.App.Http.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        var version = done.GetProperty("modelVersion").GetInt64();
        Assert.True(version > latest);
        var model = await fixture.App.Http.GetFromJsonAsync<JsonElement>($"/api/models/{version}");
        Assert.Equal(2000, model.GetProperty("trainingRows").GetInt32());
        Assert.Equal(requestId, model.GetProperty("requestId").GetString());
        var waited = done.GetProperty("waitedSeconds").GetDouble();
        Assert.InRange(waited, 0, (done.GetProperty("startedAt").GetDateTime() - done.GetProperty("requestedAt").GetDateTime()).TotalSeconds + 0.001);
        var invocation = await fixture.App.Functions.NextAsync(i => i.Function == nameof(RetrainFromQueue), TimeSpan.FromSeconds(30));
        Assert.True(invocation.Succeeded);
    }

    [Theory]
    [InlineData("{not json", "Malformed")]
    [InlineData("{\"trainer\":\"tensorflow\"}", "Unknown trainer")]
    [InlineData("{\"colour\":\"red\"}", "Malformed")]
    [InlineData("{\"callbackUrl\":\"ftp://example/\"}", "callbackUrl")]
    [InlineData("{\"options\":{\"iterations\":0}}", "iterations")]
    public async Task A_malformed_message_is_rejected_with_its_reason_and_trains_nothing(string message, string reason)
    {
        var before = await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM models");

        var error = await Assert.ThrowsAsync<MalformedMessageException>(() => QueueFunction.Run(message, CancellationToken.None));

        Assert.Contains(reason, error.Message);
        Assert.Equal(before, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM models"));
    }

    [Theory]
    [InlineData("{\"trainer\":\"nope\"}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"requestId\":\"../../etc\"}")]
    [InlineData("{\"options\":{\"trainLimit\":5}}")]
    public async Task A_bad_retrain_body_gets_400_and_enqueues_nothing(string body)
    {
        var requests = await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM retrain_requests");

        var response = await fixture.App.Http.PostAsync("/api/models/retrain", new StringContent(body, Encoding.UTF8, "application/json"));

        await ExploreApiTests.AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(requests, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM retrain_requests"));
    }

    [Fact]
    public async Task An_oversized_retrain_body_gets_413()
    {
        var response = await fixture.App.Http.PostAsync("/api/models/retrain", new StringContent(new string(' ', 100_000), Encoding.UTF8, "application/json"));

        await ExploreApiTests.AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_nightly_run_missed_while_no_instance_ran_fires_at_start_as_past_due_and_retrains()
    {
        var before = await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM retrain_requests WHERE source = 'timer' AND status = 'succeeded'");
        var hostId = $"fftest-{TestEnvironment.RunId}-pastdue";
        // The status of a timer on "0 0 2 * * *" that last ran two nights ago: its next run, last night, never happened.
        var last = DateTime.UtcNow.Date.AddDays(-2).AddHours(2);
        await TimerStatus.WriteAsync(fixture.App.Get<Azure.Storage.Blobs.BlobServiceClient>(), hostId, nameof(RetrainOnSchedule), last, next: last.AddDays(1));

        await using var app = await FashionApp.StartAsync(fixture.Database, new Dictionary<string, string?>(TrainingFixture.QuickTraining)
        {
            ["AzureWebJobs.RetrainOnSchedule.Disabled"] = "false",
            ["AzureFunctionsWebHost:hostid"] = hostId,
        });

        var run = await app.Functions.NextAsync(nameof(RetrainOnSchedule), TimeSpan.FromMinutes(5));
        Assert.True(run.Succeeded);
        Assert.Equal(before + 1, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM retrain_requests WHERE source = 'timer' AND status = 'succeeded'"));
    }
}
