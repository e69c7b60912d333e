using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using FashionFunctions.Core.Predict;
using FashionFunctions.Core.Training;
using FashionFunctions.Predict;
using FashionFunctions.Tests.Foundation;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Predict;

/// <summary>Predictions with a chosen model version (?model=N): the answer and the stored row name it, and only verified models are chosen.</summary>
[Collection(PredictionDatabase.Name)]
public sealed class ChosenModelTests(PredictionFixture fixture)
{
    private HttpClient Http => fixture.App.Http;

    [Fact]
    public async Task One_image_predicted_with_two_versions_writes_a_row_for_each_and_the_chosen_one_scored_it()
    {
        var candidate = await CandidateAsync();
        var png = await Http.GetByteArrayAsync("/api/images/Testing/3/png");

        var active = await PostAsync("/api/images/Testing/3/predict");
        var chosen = await PostAsync($"/api/images/Testing/3/predict?model={candidate}");
        var uploaded = await PostAsync($"/api/predict?model={candidate}", png);

        Assert.Equal(fixture.Model.Version, active.GetProperty("modelVersion").GetInt64());
        Assert.Equal(candidate, chosen.GetProperty("modelVersion").GetInt64());
        Assert.Equal(candidate, uploaded.GetProperty("modelVersion").GetInt64());
        var ids = new[] { active, chosen, uploaded }.Select(p => p.GetProperty("predictionId").GetInt64()).ToArray();
        var rows = await fixture.Database.QueryAsync<long>("SELECT model_version FROM predictions WHERE id IN @ids ORDER BY id", new { ids });
        Assert.Equal([fixture.Model.Version, candidate, candidate], rows);

        // The candidate's own engine gives the probabilities the API answered with; the active model's differ.
        var pixels = FashionFunctions.Core.Images.GrayscalePng.Decode(png);
        var own = (await fixture.App.Get<ActiveModel>().GetVersionAsync(candidate, CancellationToken.None)).Score(PredictionService.PixelsToVector(pixels));
        var answered = chosen.GetProperty("probabilities").EnumerateObject().Select(p => p.Value.GetDouble()).ToArray();
        Assert.Equal(own.Probabilities.Select(p => Math.Round(p, 6)), answered);
        Assert.NotEqual(answered, active.GetProperty("probabilities").EnumerateObject().Select(p => p.Value.GetDouble()).ToArray());
    }

    [Fact]
    public async Task An_unknown_version_is_404_and_one_still_training_or_failed_is_409_naming_it_and_nothing_is_written()
    {
        var training = await InsertModelAsync("training");
        var failed = await InsertModelAsync("failed");
        var retired = await InsertModelAsync("retired");
        var png = FashionFunctions.Core.Images.GrayscalePng.Encode(new byte[784]);
        var before = await fixture.PredictionCount();

        foreach (var (version, status) in new[] { (99_999_999L, HttpStatusCode.NotFound), (training, HttpStatusCode.Conflict), (failed, HttpStatusCode.Conflict), (retired, HttpStatusCode.Conflict) })
        {
            foreach (var url in new[] { $"/api/predict?model={version}", $"/api/images/Testing/0/predict?model={version}" })
            {
                using var response = await Http.PostAsync(url, Png(png));
                var problem = await ExploreApiTests.AssertProblem(response, status);
                Assert.Contains($"{version}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }

        await ExploreApiTests.AssertProblem(await Http.PostAsync("/api/predict?model=0", Png(png)), HttpStatusCode.BadRequest);
        await ExploreApiTests.AssertProblem(await Http.PostAsync("/api/images/Testing/0/predict?model=latest", null), HttpStatusCode.BadRequest);
        Assert.Equal(before, await fixture.PredictionCount());
    }

    [Fact]
    public async Task Chosen_versions_stay_loaded_up_to_the_bound_and_the_least_recently_used_one_is_dropped()
    {
        var models = fixture.App.Get<ActiveModel>();
        var (a, b, c) = (await CopyAsCandidateAsync(), await CopyAsCandidateAsync(), await CopyAsCandidateAsync());

        var firstA = await LoadedAsync(models, a);
        var firstB = await LoadedAsync(models, b);
        Assert.Same(firstA, await LoadedAsync(models, a));
        var firstC = await LoadedAsync(models, c);

        // The default bound is two: C took the place of B, the one used least recently; A and C are kept.
        Assert.Equal(2, models.LoadedOthers);
        Assert.Same(firstA, await LoadedAsync(models, a));
        Assert.Same(firstC, await LoadedAsync(models, c));
        Assert.NotSame(firstB, await LoadedAsync(models, b));
        Assert.Equal(2, models.LoadedOthers);
    }

    private static async Task<LoadedModel> LoadedAsync(ActiveModel models, long version)
    {
        var choice = await models.ChooseAsync(version, CancellationToken.None);
        Assert.Null(choice.Refusal);
        Assert.Equal(version, choice.Model!.Version);
        return choice.Model;
    }

    /// <summary>A genuinely different model beside the active one: trained on 1,000 images, so validation keeps it a candidate.</summary>
    private async Task<long> CandidateAsync()
    {
        var existing = await fixture.Database.QueryAsync<long>("SELECT version FROM models WHERE status = 'candidate' AND training_rows = 1000 ORDER BY version LIMIT 1");
        if (existing.Count > 0)
        {
            return existing[0];
        }

        var outcome = await fixture.App.Get<RetrainService>().RunAsync(
            new RetrainRequest { Options = new RetrainOverrides { TrainLimit = 1000 } }, "test", CancellationToken.None);
        Assert.Equal(ModelStatus.Candidate, (await fixture.App.Get<ModelRegistry>().GetAsync(outcome.Model!.Version, CancellationToken.None))!.Status);
        return outcome.Model.Version;
    }

    /// <summary>The active model's blob registered again as a candidate: a loadable version of its own.</summary>
    private Task<long> CopyAsCandidateAsync() => fixture.Database.ScalarAsync<long>("""
        INSERT INTO models (trainer, hyperparameters, status, blob_name, sha256, size_bytes, feature_contract)
        SELECT trainer, hyperparameters, 'candidate', blob_name, sha256, size_bytes, feature_contract FROM models WHERE version = @version;
        SELECT LAST_INSERT_ID();
        """, new { version = fixture.Model.Version });

    private Task<long> InsertModelAsync(string status) => fixture.Database.ScalarAsync<long>(
        "INSERT INTO models (trainer, hyperparameters, status) VALUES ('sdca', '{}', @status); SELECT LAST_INSERT_ID();", new { status });

    private async Task<JsonElement> PostAsync(string url, byte[]? png = null)
    {
        using var response = await Http.PostAsync(url, png is null ? null : Png(png));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static ByteArrayContent Png(byte[] png) => new(png) { Headers = { ContentType = new("image/png") } };
}
