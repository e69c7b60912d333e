using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using FashionFunctions.Core.Images;
using FashionFunctions.Core.Predict;
using FashionFunctions.Core.Training;
using FashionFunctions.Predict;
using FashionFunctions.Tests.Foundation;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FashionFunctions.Tests.Predict;

[Collection(PredictionDatabase.Name)]
public sealed class BatchAndReloadTests(PredictionFixture fixture)
{
    [Fact]
    public async Task Batch_scoring_all_testing_images_matches_the_registry_accuracy_and_reruns_add_nothing()
    {
        var scorer = fixture.App.Get<BatchScorer>();
        const string batchRows = "SELECT COUNT(*) FROM predictions WHERE source = 'batch' AND model_version = @v";
        var before = await fixture.Database.ScalarAsync<long>(batchRows, new { v = fixture.Model.Version });

        var first = await scorer.ScoreAsync(ImageUse.Testing, fixture.Model.Version, CancellationToken.None);
        var again = await scorer.ScoreAsync(ImageUse.Testing, fixture.Model.Version, CancellationToken.None);

        Assert.Equal(10_000, first.Scored);
        Assert.Equal(10_000, before + first.Inserted);
        Assert.Equal(0, again.Inserted);
        Assert.Equal(10_000, await fixture.Database.ScalarAsync<long>(batchRows, new { v = fixture.Model.Version }));
        var sqlAccuracy = await fixture.Database.ScalarAsync<double>(
            "SELECT AVG(correct) FROM predictions WHERE source = 'batch' AND model_version = @v AND img_use = 2", new { v = fixture.Model.Version });
        Assert.Equal(fixture.Model.Accuracy, sqlAccuracy, 4);
        var summary = await fixture.App.Http.GetFromJsonAsync<JsonElement>($"/api/predictions/summary?model={fixture.Model.Version}");
        Assert.True(summary.GetProperty("labelled").GetInt64() >= 10_000);
        Assert.Equal(10, summary.GetProperty("perClass").GetArrayLength());
        Assert.NotEmpty(summary.GetProperty("mostConfused").EnumerateArray());
        var misclassified = summary.GetProperty("misclassified").EnumerateArray().First();
        Assert.Equal(HttpStatusCode.OK, (await fixture.App.Http.GetAsync(misclassified.GetProperty("png").GetString())).StatusCode);
    }

    [Fact]
    public async Task A_batch_asked_over_http_is_split_into_chunks_that_the_queue_trigger_scores()
    {
        var response = await fixture.App.Http.PostAsJsonAsync("/api/predictions/batch", new { use = "Testing", modelVersion = fixture.Model.Version });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(10, accepted.GetProperty("chunks").GetInt32());
        Assert.EndsWith($"/api/predictions/batch/{accepted.GetProperty("batchId").GetString()}", response.Headers.Location!.ToString());
        var status = default(JsonElement);
        await fixture.App.Functions.UntilAsync(nameof(ScoreFromQueue), async () =>
        {
            status = await fixture.App.Http.GetFromJsonAsync<JsonElement>(response.Headers.Location);
            return status.GetProperty("status").GetString() is "succeeded" or "failed";
        }, TimeSpan.FromMinutes(2));

        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal(10, status.GetProperty("chunks").GetProperty("done").GetInt32());
        Assert.Equal(10_000, status.GetProperty("scored").GetInt64());
        Assert.Equal(fixture.Model.Accuracy, status.GetProperty("accuracy").GetDouble(), 4);
        Assert.Equal(10_000, await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM predictions WHERE source = 'batch' AND model_version = @v AND img_use = 2", new { v = fixture.Model.Version }));
    }

    [Fact]
    public async Task A_batch_while_storage_is_unreachable_answers_503_and_is_marked_failed()
    {
        var nowhere = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:{TestEnvironment.FreePort()}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{TestEnvironment.FreePort()}/devstoreaccount1;";
        await using var app = await FashionApp.StartAsync(fixture.Database, new Dictionary<string, string?>(PredictionFixture.Settings) { ["AzureWebJobsStorage"] = nowhere });
        const string waiting = "SELECT COUNT(*) FROM score_batches b WHERE b.failure IS NULL AND NOT EXISTS (SELECT 1 FROM score_batch_chunks c WHERE c.batch_id = b.batch_id)";
        var before = await fixture.Database.ScalarAsync<long>(waiting);

        var response = await app.Http.PostAsJsonAsync("/api/predictions/batch", new { use = "Testing", modelVersion = fixture.Model.Version });

        await ExploreApiTests.AssertProblem(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(before, await fixture.Database.ScalarAsync<long>(waiting));
    }

    [Fact]
    public async Task A_batch_status_is_404_for_an_unknown_batch_and_400_for_a_malformed_id()
    {
        await ExploreApiTests.AssertProblem(await fixture.App.Http.GetAsync($"/api/predictions/batch/{Guid.NewGuid():N}"), HttpStatusCode.NotFound);
        await ExploreApiTests.AssertProblem(await fixture.App.Http.GetAsync("/api/predictions/batch/1%27%20OR%201=1"), HttpStatusCode.BadRequest);
        await ExploreApiTests.AssertProblem(
            await fixture.App.Http.PostAsJsonAsync("/api/predictions/batch", new { use = "Testing", modelVersion = 999_999 }), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{\"use\":\"Validation\"}")]
    [InlineData("{\"use\":\"Testing\",\"modelVersion\":0}")]
    [InlineData("{\"use\":\"Testing\",\"drop\":true}")]
    [InlineData("not json")]
    public async Task A_bad_batch_request_gets_400(string body)
    {
        var response = await fixture.App.Http.PostAsync("/api/predictions/batch", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ExploreApiTests.AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Predictions_are_listed_with_filters()
    {
        await fixture.App.Http.PostAsync("/api/images/Testing/0/predict", null);

        var rows = await fixture.App.Http.GetFromJsonAsync<JsonElement>($"/api/predictions?model={fixture.Model.Version}&label=Ankle%20boot&limit=5");

        Assert.InRange(rows.GetArrayLength(), 1, 5);
        Assert.All(rows.EnumerateArray(), r => Assert.Equal(9, r.GetProperty("actualLabel").GetInt32()));
        await ExploreApiTests.AssertProblem(await fixture.App.Http.GetAsync("/api/predictions?correct=maybe"), HttpStatusCode.BadRequest);
        await ExploreApiTests.AssertProblem(await fixture.App.Http.GetAsync("/api/predictions?offset=5000000"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Another_activated_version_is_served_once_the_check_interval_has_passed_and_not_before()
    {
        // A second app over the same database, on a clock the test moves: the interval is judged, not waited for.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await FashionApp.StartAsync(fixture.Database, PredictionFixture.Settings, s => s.AddSingleton<TimeProvider>(clock));
        var png = GrayscalePng.Encode(new byte[784]);
        Assert.Equal(fixture.Model.Version, await Predict(app.Http, png));
        var second = (await fixture.App.Get<RetrainService>().RunAsync(
            new RetrainRequest { Options = new RetrainOverrides { TrainLimit = 1000 }, Force = true }, "test", CancellationToken.None)).Model!;
        try
        {
            Assert.Equal(second.Version, (await fixture.App.Get<ModelRegistry>().GetActiveAsync(CancellationToken.None))!.Version);
            clock.Advance(TimeSpan.FromSeconds(0.9)); // Predict:ModelCheckSeconds is 1 in these tests.
            Assert.Equal(fixture.Model.Version, await Predict(app.Http, png));

            clock.Advance(TimeSpan.FromSeconds(0.1));
            Assert.Equal(second.Version, await Predict(app.Http, png));
        }
        finally
        {
            await fixture.App.Get<ModelRegistry>().ActivateAsync(fixture.Model.Version, CancellationToken.None);
        }
    }

    private Task<long> Predict(byte[] png) => Predict(fixture.App.Http, png);

    private static async Task<long> Predict(HttpClient http, byte[] png)
    {
        var content = new ByteArrayContent(png);
        content.Headers.ContentType = new("image/png");
        var result = await (await http.PostAsync("/api/predict", content)).Content.ReadFromJsonAsync<JsonElement>();
        return result.GetProperty("modelVersion").GetInt64();
    }
}

public sealed class NoModelTests
{
    [Fact]
    public async Task Without_an_active_model_predict_answers_503_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync("nomodel");
        await using var app = await FashionApp.StartAsync(database);
        var content = new ByteArrayContent(GrayscalePng.Encode(new byte[784]));
        content.Headers.ContentType = new("image/png");

        var response = await app.Http.PostAsync("/api/predict", content);

        await ExploreApiTests.AssertProblem(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(0, await database.ScalarAsync<long>("SELECT COUNT(*) FROM predictions"));
    }
}
