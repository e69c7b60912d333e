using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text;
using FashionFunctions.Core.Training;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Loop;

/// <summary>A shadow model scores live predictions beside the active one: its rows are stored, the answers never change.</summary>
[Collection(LearningLoopDatabase.Name)]
public sealed class ShadowModelTests(LearningLoopFixture fixture)
{
    private HttpClient Http => fixture.App.Http;

    private async Task<JsonElement> PredictStoredAsync(int idx)
    {
        using var response = await Http.PostAsync($"/api/images/Testing/{idx}/predict", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Shadow_rows_are_written_beside_unchanged_answers_and_reported_as_evidence()
    {
        var outcome = await fixture.App.Get<RetrainService>().RunAsync(
            new RetrainRequest { Options = new RetrainOverrides { TrainLimit = 1_000 } }, "test", CancellationToken.None);
        Assert.False(outcome.Promoted);
        var candidate = outcome.Model!.Version;
        var images = Enumerable.Range(300, 12).ToList();
        var before = new List<JsonElement>();
        foreach (var idx in images)
        {
            before.Add(await PredictStoredAsync(idx));
        }

        using var set = await Http.PostAsync($"/api/models/{candidate}/shadow", null);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("shadow", (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var during = new List<JsonElement>();
        foreach (var idx in images)
        {
            during.Add(await PredictStoredAsync(idx));
        }

        for (var i = 0; i < images.Count; i++)
        {
            Assert.Equal(before[i].GetProperty("modelVersion").GetInt64(), during[i].GetProperty("modelVersion").GetInt64());
            Assert.Equal(before[i].GetProperty("label").GetInt32(), during[i].GetProperty("label").GetInt32());
            Assert.Equal(before[i].GetProperty("confidence").GetDouble(), during[i].GetProperty("confidence").GetDouble());
        }

        var liveIds = during.Select(d => d.GetProperty("predictionId").GetInt64()).ToList();
        var shadowRows = await fixture.Database.QueryAsync<(ulong ShadowOf, ulong ModelVersion)>(
            "SELECT shadow_of, model_version FROM predictions WHERE shadow AND shadow_of >= @first ORDER BY shadow_of", new { first = liveIds[0] });
        Assert.Equal(liveIds, shadowRows.Select(r => (long)r.ShadowOf));
        Assert.All(shadowRows, r => Assert.Equal((ulong)candidate, r.ModelVersion));

        var listed = await Http.GetFromJsonAsync<JsonElement>($"/api/predictions?model={candidate}");
        Assert.Empty(listed.EnumerateArray());
        var report = await Http.GetFromJsonAsync<JsonElement>($"/api/models/{candidate}/shadow");
        Assert.Equal(images.Count, report.GetProperty("scored").GetInt64());
        Assert.Equal(images.Count, report.GetProperty("labelled").GetInt64());
        var agreed = await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM predictions s JOIN predictions l ON l.id = s.shadow_of WHERE s.model_version = @candidate AND s.predicted_label = l.predicted_label",
            new { candidate });
        Assert.Equal(agreed, report.GetProperty("agreed").GetInt64());
        Assert.Equal(during.Count(d => d.GetProperty("correct").GetBoolean()) / (double)images.Count, report.GetProperty("liveAccuracy").GetDouble(), 9);

        using var unset = await Http.DeleteAsync($"/api/models/{candidate}/shadow");
        Assert.Equal("candidate", (await unset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var after = (await PredictStoredAsync(images[0])).GetProperty("predictionId").GetInt64();
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM predictions WHERE shadow_of = @after", new { after }));
    }

    [Fact]
    public async Task Only_a_trained_model_can_be_the_shadow()
    {
        var failed = await fixture.Database.ScalarAsync<long>(
            "INSERT INTO models (trainer, hyperparameters, status, error) VALUES ('sdca', '{}', 'failed', 'shadow test'); SELECT LAST_INSERT_ID();");

        using var refused = await Http.PostAsync($"/api/models/{failed}/shadow", null);
        using var missing = await Http.PostAsync("/api/models/999999/shadow", null);
        using var notShadow = await Http.DeleteAsync($"/api/models/{failed}/shadow");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notShadow.StatusCode);
        Assert.Equal("failed", await fixture.Database.ScalarAsync<string>("SELECT status FROM models WHERE version = @failed", new { failed }));
    }
}
