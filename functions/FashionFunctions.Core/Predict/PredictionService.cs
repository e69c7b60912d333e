using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using FashionFunctions.Core.Images;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace FashionFunctions.Core.Predict;

public enum PredictionSource { Upload, Stored, Batch }

/// <summary>
/// One answer. Confidence and probabilities are calibrated; OutOfDistribution says the image does not look like a
/// garment (the detector's score above the model's own threshold): the class is still given, and the row still stored.
/// </summary>
public sealed record PredictionResult(
    long PredictionId, int Label, string ClassName, double Confidence, IReadOnlyDictionary<string, double> Probabilities,
    bool OutOfDistribution, double OutOfDistributionScore, double OutOfDistributionThreshold,
    long ModelVersion, int? ActualLabel, bool? Correct, double LatencyMs, string Preprocessed);

public enum PredictOutcome { Predicted, NoImage, UnknownModel, UnusableModel }

/// <summary>A prediction, or why none was made: no such stored image, or a chosen model version that cannot score.</summary>
public sealed record PredictionOutcome(PredictOutcome Outcome, PredictionResult? Result, string Detail)
{
    public static PredictionOutcome Of(ModelRefusal refusal) => new(refusal.Unknown ? PredictOutcome.UnknownModel : PredictOutcome.UnusableModel, null, refusal.Detail);
}

/// <summary>
/// One prediction: score with the active model (or a chosen version), then write exactly one predictions row. A failed
/// write fails the prediction, so no answer is given that the table does not hold.
/// </summary>
public sealed class PredictionService(ActiveModel models, Shadow.ShadowModels shadows, MySqlDataSource db, ExploreImages images, ILogger<PredictionService> log)
{
    /// <summary>An uploaded image, scored by the active model or by <paramref name="modelVersion"/> when one is chosen.</summary>
    public async Task<PredictionOutcome> PredictUploadAsync(byte[] pixels, byte[] input, long? modelVersion, CancellationToken ct)
    {
        var choice = await ChooseAsync(modelVersion, ct);
        return choice.Refusal is { } refusal
            ? PredictionOutcome.Of(refusal)
            : Predicted(await PredictAsync(choice, pixels, Hash(input), PredictionSource.Upload, null, null, ct));
    }

    /// <summary>A stored image by key, recording its true label.</summary>
    public async Task<PredictionOutcome> PredictStoredAsync(ImageKey key, long? modelVersion, CancellationToken ct)
    {
        var choice = await ChooseAsync(modelVersion, ct);
        if (choice.Refusal is { } refusal)
        {
            return PredictionOutcome.Of(refusal);
        }

        if (await images.PixelsAsync(key, ct) is not { } stored)
        {
            return new(PredictOutcome.NoImage, null, $"No image {key}.");
        }

        return Predicted(await PredictAsync(choice, stored.Pixels, Hash(stored.Pixels), PredictionSource.Stored, key, stored.Label, ct));
    }

    private static PredictionOutcome Predicted(PredictionResult result) => new(PredictOutcome.Predicted, result, "");

    /// <summary>No version chosen: the active model, loaded when it is asked for (and 503 when there is none).</summary>
    private async Task<ModelChoice> ChooseAsync(long? modelVersion, CancellationToken ct) =>
        modelVersion is { } version ? await models.ChooseAsync(version, ct) : new ModelChoice(null, null);

    private async Task<PredictionResult> PredictAsync(ModelChoice choice, byte[] pixels, string sha, PredictionSource source, ImageKey? key, int? actual, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var model = choice.Model ?? await models.GetAsync(ct);
        var answer = model.Score(PixelsToVector(pixels));
        var label = answer.Label;
        var scores = answer.Probabilities;
        var latency = clock.Elapsed.TotalMilliseconds;
        var png = GrayscalePng.Encode(pixels);
        // Kept for uploads only (a stored image has its key): a later label turns it into a Feedback image.
        var row = new PredictionRow(model.Version, source, key, sha, label, answer, actual, latency) { InputPng = source == PredictionSource.Upload ? png : null };
        // The shadow is measured against the model that serves: an answer from a chosen older model is no evidence for it.
        var shadow = choice.Model is null || choice.Active ? await ScoreShadowAsync(model, pixels, row, ct) : null;
        var id = await InsertAsync(row, shadow, ct);
        using var scope = log.BeginScope(new Dictionary<string, object> { ["PredictionId"] = id, ["ModelVersion"] = model.Version });
        log.LogDebug("Predicted {ClassName} ({Confidence:P1}), out of distribution {OutOfDistribution}", FashionClasses.Names[label], scores[label], answer.OutOfDistribution);
        return new PredictionResult(id, label, FashionClasses.Names[label], Math.Round(scores[label], 6), Probabilities(scores),
            answer.OutOfDistribution, answer.OutOfDistributionScore, model.Card.OutOfDistribution.Threshold, model.Version,
            actual, actual is null ? null : actual == label, latency, Convert.ToBase64String(png));
    }

    /// <summary>The shadow model's row for the same input (its label is never returned), or null when there is no shadow.</summary>
    private async Task<PredictionRow?> ScoreShadowAsync(LoadedModel live, byte[] pixels, PredictionRow row, CancellationToken ct)
    {
        if (await shadows.GetAsync(ct) is not { } shadow || shadow.Version == live.Version)
        {
            return null;
        }

        var clock = Stopwatch.StartNew();
        var answer = shadow.Score(PixelsToVector(pixels));
        return row with { ModelVersion = shadow.Version, Label = answer.Label, Answer = answer, LatencyMs = clock.Elapsed.TotalMilliseconds, InputPng = null };
    }

    public static float[] PixelsToVector(byte[] pixels) => [.. pixels.Select(p => p / 255f)];

    public static IReadOnlyDictionary<string, double> Probabilities(float[] scores) =>
        FashionClasses.Names.Select((name, i) => (name, p: Math.Round(scores[i], 6))).ToDictionary(x => x.name, x => x.p);

    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    internal sealed record PredictionRow(long ModelVersion, PredictionSource Source, ImageKey? Key, string Sha, int Label, ModelAnswer Answer, int? Actual, double LatencyMs)
    {
        public byte[]? InputPng { get; init; }
    }

    private const string InsertSql = """
        INSERT INTO predictions (model_version, source, img_use, img_idx, input_sha256, input_png, predicted_label, confidence,
                                 out_of_distribution, ood_score, probabilities, actual_label, correct, latency_ms)
        VALUES (@ModelVersion, @Source, @ImgUse, @ImgIdx, @Sha, @InputPng, @Label, @Confidence, @OutOfDistribution, @OodScore, @Probabilities,
                @Actual, @Correct, @LatencyMs);
        SELECT LAST_INSERT_ID();
        """;

    // Sent with InsertSql in the same round trip: LAST_INSERT_ID() is still the live row's id when shadow_of is set, and
    // the shadow's row then names the live id to return. A second round trip doubled the shadow's cost to the caller.
    private const string InsertWithShadowSql = """
        INSERT INTO predictions (model_version, source, img_use, img_idx, input_sha256, input_png, predicted_label, confidence,
                                 out_of_distribution, ood_score, probabilities, actual_label, correct, latency_ms)
        VALUES (@ModelVersion, @Source, @ImgUse, @ImgIdx, @Sha, @InputPng, @Label, @Confidence, @OutOfDistribution, @OodScore, @Probabilities,
                @Actual, @Correct, @LatencyMs);
        INSERT INTO predictions (model_version, source, shadow, shadow_of, img_use, img_idx, input_sha256, predicted_label, confidence,
                                 out_of_distribution, ood_score, probabilities, actual_label, correct, latency_ms)
        VALUES (@ShadowModelVersion, @ShadowSource, TRUE, LAST_INSERT_ID(), @ShadowImgUse, @ShadowImgIdx, @ShadowSha, @ShadowLabel,
                @ShadowConfidence, @ShadowOutOfDistribution, @ShadowOodScore, @ShadowProbabilities, @ShadowActual, @ShadowCorrect, @ShadowLatencyMs);
        SELECT shadow_of FROM predictions WHERE id = LAST_INSERT_ID();
        """;

    private async Task<long> InsertAsync(PredictionRow row, PredictionRow? shadow, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var command = new MySqlCommand(shadow is null ? InsertSql : InsertWithShadowSql, connection);
        AddParameters(command.Parameters, row);
        if (shadow is not null)
        {
            AddParameters(command.Parameters, shadow, "Shadow");
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The one mapping of a prediction to its columns, shared by single and batch inserts.</summary>
    internal static void AddParameters(MySqlParameterCollection parameters, PredictionRow row, string prefix = "")
    {
        parameters.AddWithValue($"@{prefix}ModelVersion", row.ModelVersion);
        parameters.AddWithValue($"@{prefix}Source", row.Source.ToString().ToLowerInvariant());
        parameters.AddWithValue($"@{prefix}ImgUse", (byte?)row.Key?.Use);
        parameters.AddWithValue($"@{prefix}ImgIdx", row.Key?.Idx);
        parameters.AddWithValue($"@{prefix}Sha", row.Sha);
        parameters.AddWithValue($"@{prefix}InputPng", row.InputPng);
        parameters.AddWithValue($"@{prefix}Label", row.Label);
        parameters.AddWithValue($"@{prefix}Confidence", (double)row.Answer.Probabilities[row.Label]);
        parameters.AddWithValue($"@{prefix}OutOfDistribution", row.Answer.OutOfDistribution);
        parameters.AddWithValue($"@{prefix}OodScore", row.Answer.OutOfDistributionScore);
        parameters.AddWithValue($"@{prefix}Probabilities", JsonSerializer.Serialize(Probabilities(row.Answer.Probabilities)));
        parameters.AddWithValue($"@{prefix}Actual", row.Actual);
        parameters.AddWithValue($"@{prefix}Correct", row.Actual is null ? null : row.Actual == row.Label);
        parameters.AddWithValue($"@{prefix}LatencyMs", row.LatencyMs);
    }
}
