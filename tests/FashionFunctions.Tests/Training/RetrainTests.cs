using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using FashionFunctions.Core.Learning;
using FashionFunctions.Core.Training;
using FashionFunctions.Tests.Foundation;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;
using Microsoft.ML;

namespace FashionFunctions.Tests.Training;

/// <summary>The model lifecycle against real MariaDB and Azurite, with quick SDCA runs on subsets.</summary>
[Collection(TrainingDatabase.Name)]
public sealed class RetrainTests(TrainingFixture fixture)
{
    private RetrainService Retrains => fixture.App.Get<RetrainService>();

    private ModelRegistry Registry => fixture.App.Get<ModelRegistry>();

    private static RetrainRequest Quick(int limit = 3000, bool force = false, string? callback = null) =>
        new() { Options = new RetrainOverrides { TrainLimit = limit }, Force = force, CallbackUrl = callback };

    [Fact]
    public async Task A_request_cancelled_while_queued_is_not_run_and_cannot_be_cancelled_twice()
    {
        var requests = fixture.App.Get<RetrainRequests>();
        var request = Quick() with { RequestId = $"cancel-{Guid.NewGuid():N}" };
        await requests.RecordAsync(request.RequestId!, "test", request, CancellationToken.None);

        Assert.True(await requests.CancelAsync(request.RequestId!, CancellationToken.None));
        Assert.False(await requests.CancelAsync(request.RequestId!, CancellationToken.None));
        var outcome = await Retrains.RunAsync(request, "queue", CancellationToken.None);

        Assert.Equal(RetrainRequestStatus.Cancelled, outcome.Status);
        Assert.Null(outcome.Model);
        var view = (await requests.GetAsync(request.RequestId!, CancellationToken.None))!;
        Assert.Equal(RetrainRequestStatus.Cancelled, view.Status);
        Assert.Null(view.StartedAt);
        Assert.NotNull(view.FinishedAt);
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM models WHERE request_id = @id", new { id = request.RequestId }));
    }

    [Fact]
    public async Task A_small_training_lands_a_verified_blob_a_registry_row_and_an_active_model()
    {
        var outcome = await Retrains.RunAsync(Quick(force: true), "test", CancellationToken.None);

        Assert.True(outcome.Status == RetrainRequestStatus.Succeeded, outcome.Message);
        var model = outcome.Model!;
        Assert.Equal(ModelStatus.Active, model.Status);
        Assert.Equal(3000, model.TrainingRows);
        Assert.Equal(10_000, model.TestingRows);
        Assert.InRange(model.Accuracy, 0.6, 1.0);
        Assert.Equal(model.Version, (await Registry.GetActiveAsync(CancellationToken.None))!.Version);
        var blob = fixture.App.Get<BlobServiceClient>().GetBlobContainerClient(TrainingFixture.QuickTraining["Training:ModelsContainer"]).GetBlobClient(model.BlobName);
        var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(model.Sha256, ModelStore.Hash(bytes));
        Assert.Equal(model.SizeBytes, bytes.Length);
        var matrix = model.ConfusionMatrix!;
        Assert.Equal(10_000, matrix.Sum(row => row.Sum()));
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM models WHERE status = 'active'"));
    }

    [Fact]
    public async Task A_stored_model_scores_class_i_at_index_i()
    {
        var outcome = await Retrains.RunAsync(Quick(force: true), "test", CancellationToken.None);
        var zip = await fixture.App.Get<ModelStore>().DownloadAsync(outcome.Model!.BlobName, outcome.Model.Sha256, CancellationToken.None);
        var ml = ImageClassifierTrainer.NewContext();
        var engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(ml.Model.Load(new MemoryStream(zip), out _));
        var testing = await TrainingSet.ReadAsync(fixture.Database.DataSource, ImageUse.Testing, 200, CancellationToken.None);
        var rows = ml.Data.CreateEnumerable<ModelInput>(testing.ToDataView(ml), reuseRowObject: false).ToList();

        var outputs = rows.Select(engine.Predict).ToList();

        Assert.All(outputs, o => Assert.Equal((int)o.PredictedLabel, Array.IndexOf(o.Score, o.Score.Max())));
        Assert.All(outputs, o => Assert.Equal(1.0, o.Score.Sum(), 3));
        Assert.True(rows.Zip(outputs).Count(p => p.First.Label == p.Second.PredictedLabel) > 150);
    }

    [Fact]
    public async Task A_worse_model_stays_candidate_force_promotes_it_and_activate_rolls_back()
    {
        var good = (await Retrains.RunAsync(Quick(6000, force: true), "test", CancellationToken.None)).Model!;

        var worse = await Retrains.RunAsync(Quick(200), "test", CancellationToken.None);

        Assert.True(worse.Model!.Accuracy < good.Accuracy - 0.01, $"{worse.Model.Accuracy} vs {good.Accuracy}");
        Assert.False(worse.Promoted);
        Assert.Equal(ModelStatus.Candidate, worse.Model.Status);
        Assert.Equal(good.Version, (await Registry.GetActiveAsync(CancellationToken.None))!.Version);

        var forced = await Retrains.RunAsync(Quick(200, force: true), "test", CancellationToken.None);
        Assert.True(forced.Promoted);
        Assert.Equal(forced.Model!.Version, (await Registry.GetActiveAsync(CancellationToken.None))!.Version);

        var rollback = await fixture.App.Http.PostAsync($"/api/models/{good.Version}/activate", null);
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(good.Version, (await Registry.GetActiveAsync(CancellationToken.None))!.Version);
        Assert.Equal(ModelStatus.Retired, (await Registry.GetAsync(forced.Model.Version, CancellationToken.None))!.Status);
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM models WHERE status = 'active'"));
    }

    [Fact]
    public async Task Two_concurrent_retrains_do_not_both_train()
    {
        var before = await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM models");

        var outcomes = await Task.WhenAll(
            Task.Run(() => Retrains.RunAsync(Quick(), "test", CancellationToken.None)),
            Task.Run(() => Retrains.RunAsync(Quick(), "test", CancellationToken.None)));

        Assert.Single(outcomes, o => o.Status == RetrainRequestStatus.Succeeded);
        var skipped = Assert.Single(outcomes, o => o.Status == RetrainRequestStatus.Skipped);
        Assert.Equal(before + 1, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM models"));
        Assert.Equal(RetrainRequestStatus.Skipped, (await fixture.App.Get<RetrainRequests>().GetAsync(skipped.RequestId, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_failed_run_is_recorded_and_leaves_the_active_model_alone()
    {
        var active = (await Retrains.RunAsync(Quick(force: true), "test", CancellationToken.None)).Model!;
        await using var blobless = await FashionApp.StartAsync(fixture.Database, new Dictionary<string, string?>(TrainingFixture.QuickTraining)
        {
            // Blob Storage unreachable: the model trains but cannot be stored.
            ["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;",
        });

        var failed = await blobless.Get<RetrainService>().RunAsync(Quick(force: true), "test", CancellationToken.None);

        Assert.Equal(RetrainRequestStatus.Failed, failed.Status);
        Assert.Equal(ModelStatus.Failed, failed.Model!.Status);
        Assert.False(string.IsNullOrEmpty(failed.Model.Error));
        Assert.Equal(active.Version, (await Registry.GetActiveAsync(CancellationToken.None))!.Version);
        Assert.Equal(RetrainRequestStatus.Failed, (await fixture.App.Get<RetrainRequests>().GetAsync(failed.RequestId, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task The_webhook_gets_the_summary_when_a_run_ends()
    {
        await using var listener = await WebhookListener.StartAsync();

        var outcome = await Retrains.RunAsync(Quick(callback: listener.Url), "test", CancellationToken.None);

        var summary = await listener.NextAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(outcome.RequestId, summary.GetProperty("requestId").GetString());
        Assert.Equal("succeeded", summary.GetProperty("status").GetString());
        Assert.Equal(outcome.Model!.Version, summary.GetProperty("modelVersion").GetInt64());
    }

    [Fact]
    public async Task A_failing_webhook_never_fails_the_training()
    {
        await using var listener = await WebhookListener.StartAsync(failWith: HttpStatusCode.InternalServerError);

        var outcome = await Retrains.RunAsync(Quick(callback: listener.Url), "test", CancellationToken.None);

        Assert.Equal(RetrainRequestStatus.Succeeded, outcome.Status);
        Assert.True(listener.Calls >= 2, "the webhook is retried");
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("[::ffff:7f00:1]")]
    [InlineData("2130706433")]
    [InlineData("0x7f000001")]
    [InlineData("localhost")]
    [InlineData("user:secret@127.0.0.1")]
    public async Task A_callback_to_a_private_address_is_refused_and_never_called(string host)
    {
        await using var listener = await WebhookListener.StartAsync();
        var guarded = new Dictionary<string, string?>(TrainingFixture.QuickTraining) { ["Training:AllowedCallbackHosts"] = "" };
        await using var app = await FashionApp.StartAsync(fixture.Database, guarded);
        var queued = await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM retrain_requests");
        var url = listener.Url.Replace("127.0.0.1", host, StringComparison.Ordinal);

        var response = await app.Http.PostAsJsonAsync("/api/models/retrain", new { callbackUrl = url });
        // A message queued before the policy existed still names the listener: the webhook's connection refuses it.
        await app.Get<RetrainWebhook>().NotifyAsync(url, new RetrainSummary("old", RetrainRequestStatus.Succeeded, 1, 0.9, false, 1, null, DateTime.UtcNow), CancellationToken.None);

        var problem = await ExploreApiTests.AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("callbackUrl", out _));
        Assert.Equal(queued, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM retrain_requests"));
        Assert.Equal(0, listener.Calls);
    }

    [Fact]
    public async Task An_interrupted_run_is_marked_failed_by_the_next_one()
    {
        var version = await Registry.StartAsync(new RetrainRequest { Trainer = "sdca" }.Settings(new TrainingOptions()), "interrupted", CancellationToken.None);

        var next = await Retrains.RunAsync(Quick(), "test", CancellationToken.None);

        Assert.Equal(RetrainRequestStatus.Succeeded, next.Status);
        var interrupted = (await Registry.GetAsync(version, CancellationToken.None))!;
        Assert.Equal(ModelStatus.Failed, interrupted.Status);
        Assert.Contains("Interrupted", interrupted.Error);
    }

    [Fact]
    public async Task The_registry_api_lists_shows_and_draws_models()
    {
        var model = (await Retrains.RunAsync(Quick(force: true), "test", CancellationToken.None)).Model!;

        var list = await fixture.App.Http.GetFromJsonAsync<JsonElement>("/api/models");
        var active = await fixture.App.Http.GetFromJsonAsync<JsonElement>("/api/models/active");
        var one = await fixture.App.Http.GetFromJsonAsync<JsonElement>($"/api/models/{model.Version}");
        var confusion = await fixture.App.Http.GetFromJsonAsync<JsonElement>($"/api/models/{model.Version}/confusion");
        var heatmap = await fixture.App.Http.GetAsync($"/api/models/{model.Version}/confusion?format=png");

        Assert.Contains(list.EnumerateArray(), m => m.GetProperty("version").GetInt64() == model.Version);
        Assert.Equal(model.Version, active.GetProperty("version").GetInt64());
        Assert.Equal(model.Accuracy, one.GetProperty("accuracy").GetDouble(), 6);
        Assert.Equal(10, one.GetProperty("perClass").GetArrayLength());
        Assert.Equal(10_000, confusion.GetProperty("matrix").EnumerateArray().Sum(r => r.EnumerateArray().Sum(v => v.GetInt64())));
        Assert.Equal("image/png", heatmap.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("GET", "/api/models/abc", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/models/0", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/models/999999", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/models/999999/confusion", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/models/1/confusion?format=gif", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/models/999999/activate", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/models/-1/activate", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/models/retrain/no-such-request", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/models?limit=0", HttpStatusCode.BadRequest)]
    public async Task Bad_registry_requests_get_problem_bodies(string method, string url, HttpStatusCode status)
    {
        var response = await fixture.App.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        await ExploreApiTests.AssertProblem(response, status);
    }

    [Fact]
    public async Task A_failed_model_cannot_be_activated()
    {
        var version = await Registry.StartAsync(new RetrainRequest { Trainer = "sdca" }.Settings(new TrainingOptions()), "never-finished", CancellationToken.None);
        await Registry.FailAsync(version, "test failure", CancellationToken.None);

        var response = await fixture.App.Http.PostAsync($"/api/models/{version}/activate", null);

        await ExploreApiTests.AssertProblem(response, HttpStatusCode.Conflict);
    }
}
