using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text;
using FashionFunctions.Core.Feedback;
using FashionFunctions.Core.Training;
using FashionFunctions.Feedback;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Loop;

/// <summary>Corrections through real HTTP: each lands as a Feedback image, retraining uses them, enough of them queue a retrain.</summary>
[Collection(LearningLoopDatabase.Name)]
public sealed class FeedbackLabelTests(LearningLoopFixture fixture)
{
    private HttpClient Http => fixture.App.Http;

    private async Task<JsonElement> PredictUploadAsync(int testingIdx)
    {
        var png = await Http.GetByteArrayAsync($"/api/images/Testing/{testingIdx}/png");
        using var content = new ByteArrayContent(png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var response = await Http.PostAsync("/api/predict", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> LabelAsync(long predictionId, string body)
    {
        using var response = await Http.PostAsync($"/api/predictions/{predictionId}/label", new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task A_correction_becomes_a_feedback_image_of_exactly_what_the_model_saw()
    {
        var prediction = await PredictUploadAsync(1);
        var id = prediction.GetProperty("predictionId").GetInt64();
        var wrong = (prediction.GetProperty("label").GetInt32() + 1) % 10;

        var (status, label) = await LabelAsync(id, $"{{\"label\":{wrong}}}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(wrong, label.GetProperty("label").GetInt32());
        Assert.False(label.GetProperty("correct").GetBoolean());
        Assert.Equal("Feedback", label.GetProperty("use").GetString());
        var image = (await fixture.Database.QueryAsync<(sbyte Label, byte[] Blob)>(
            "SELECT img_label, img_blob FROM tf_images WHERE img_use = 3 AND img_idx = @id", new { id })).Single();
        Assert.Equal(wrong, image.Label);
        Assert.Equal(Convert.FromBase64String(prediction.GetProperty("preprocessed").GetString()!), image.Blob);
        var row = (await fixture.Database.QueryAsync<(sbyte? Actual, bool? Correct, sbyte? Use, uint? Idx)>(
            "SELECT actual_label, correct, img_use, img_idx FROM predictions WHERE id = @id", new { id })).Single();
        Assert.Equal((wrong, false, 3, id), ((int?)row.Actual, row.Correct, (int?)row.Use, (long?)row.Idx));
        var served = await Http.GetFromJsonAsync<JsonElement>($"/api/images/Feedback/{id}");
        Assert.Equal(wrong, served.GetProperty("label").GetInt32());
    }

    [Fact]
    public async Task The_same_label_again_replays_and_another_label_is_a_conflict()
    {
        var id = (await PredictUploadAsync(2)).GetProperty("predictionId").GetInt64();

        var first = await LabelAsync(id, "{\"label\":2}");
        var again = await LabelAsync(id, "{\"label\":2}");
        var other = await LabelAsync(id, "{\"label\":4}");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Body.GetProperty("labelledAt").GetDateTime(), again.Body.GetProperty("labelledAt").GetDateTime());
        Assert.Equal(HttpStatusCode.Conflict, other.Status);
        Assert.Contains("Pullover", other.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM tf_images WHERE img_use = 3 AND img_idx = @id", new { id }));
        Assert.Equal(2, await fixture.Database.ScalarAsync<int>("SELECT img_label FROM tf_images WHERE img_use = 3 AND img_idx = @id", new { id }));
    }

    [Fact]
    public async Task Stored_images_unknown_predictions_and_bad_labels_are_refused_with_problems()
    {
        using var stored = await Http.PostAsync("/api/images/Testing/5/predict", null);
        var storedId = (await stored.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictionId").GetInt64();
        var upload = (await PredictUploadAsync(6)).GetProperty("predictionId").GetInt64();

        var known = await LabelAsync(storedId, "{\"label\":1}");
        var missing = await LabelAsync(99_999_999, "{\"label\":1}");
        var tooHigh = await LabelAsync(upload, "{\"label\":10}");
        var none = await LabelAsync(upload, "{}");

        Assert.Equal(HttpStatusCode.Conflict, known.Status);
        Assert.Contains("label is known", known.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(HttpStatusCode.BadRequest, tooHigh.Status);
        Assert.Equal(HttpStatusCode.BadRequest, none.Status);
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>(
            "SELECT COUNT(*) FROM tf_images WHERE img_use = 3 AND img_idx IN (@storedId, @upload)", new { storedId, upload }));
    }

    [Fact]
    public async Task The_next_retrain_trains_on_corrections_when_enabled_and_never_validates_on_them()
    {
        var id = (await PredictUploadAsync(7)).GetProperty("predictionId").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await LabelAsync(id, "{\"label\":7}")).Status);
        var request = new RetrainRequest { Options = new RetrainOverrides { TrainLimit = 2_000 } };

        var with = (await fixture.App.Get<RetrainService>().RunAsync(request, "test", CancellationToken.None)).Model!;
        var feedback = await fixture.Database.ScalarAsync<int>("SELECT COUNT(*) FROM tf_images WHERE img_use = 3 AND img_idx <= @id", new { id });
        await using var without = await FashionApp.StartAsync(fixture.Database, new Dictionary<string, string?>(LearningLoopFixture.Settings) { ["Training:IncludeFeedback"] = "false" });
        var plain = (await without.Get<RetrainService>().RunAsync(request, "test", CancellationToken.None)).Model!;

        Assert.True(feedback >= 1);
        Assert.True(with.FeedbackRows >= feedback, $"{with.FeedbackRows} feedback rows, {feedback} stored before the run");
        Assert.Equal(2_000 + with.FeedbackRows, with.TrainingRows);
        Assert.Equal(0, plain.FeedbackRows);
        Assert.Equal(2_000, plain.TrainingRows);
        Assert.Equal(plain.ValidationRows, with.ValidationRows);
        Assert.Equal(plain.TestingRows, with.TestingRows);
        Assert.NotEqual(plain.DataSha256, with.DataSha256);
    }

    [Fact]
    public async Task Enough_corrections_queue_one_retrain_per_interval_even_when_instances_decide_at_once()
    {
        for (var i = 0; i < LearningLoopFixture.Threshold; i++)
        {
            var id = (await PredictUploadAsync(20 + i)).GetProperty("predictionId").GetInt64();
            Assert.Equal(HttpStatusCode.OK, (await LabelAsync(id, "{\"label\":0}")).Status);
        }

        const string queuedSql = "SELECT COUNT(*) FROM retrain_requests WHERE request_id LIKE 'feedback-%'";
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>(queuedSql));

        // The interval has passed for the claim row; four deciders at once still queue one retrain.
        await fixture.Database.ScalarAsync<long>("UPDATE feedback_retrains SET last_queued_at = last_queued_at - INTERVAL 2 DAY; SELECT 1");
        var trigger = fixture.App.Get<FeedbackRetrainTrigger>();
        var decisions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => trigger.QueueIfDueAsync(CancellationToken.None)));

        Assert.Equal(1, decisions.Count(queued => queued));
        Assert.Equal(2, await fixture.Database.ScalarAsync<long>(queuedSql));
        var messages = await fixture.App.Get<RetrainQueue>().Client.PeekMessagesAsync(32);
        Assert.Equal(2, messages.Value.Count(m => m.MessageText.Contains("feedback-", StringComparison.Ordinal)));
    }
}
