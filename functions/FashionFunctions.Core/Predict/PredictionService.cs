using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using FashionFunctions.Images;
using MySqlConnector;

namespace FashionFunctions.Predict;

/// <summary>The answer to one request, with the id of its row in predictions.</summary>
public sealed record PredictionResult(long PredictionId, Prediction Prediction, int? ActualLabel);

/// <summary>Single predictions: model, then exactly one predictions row; if the row cannot be written, the call fails.</summary>
public sealed class PredictionService(ActiveModel model, MySqlDataSource db)
{
    public async Task<PredictionResult> PredictUploadAsync(PredictionInput input, long startedAt, CancellationToken ct)
    {
        var loaded = await model.GetAsync(ct);
        var prediction = loaded.Predict(input.Pixels);
        var row = new PredictionRow("upload", null, null, input.Sha256, prediction, null, Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds);
        return new PredictionResult(await InsertAsync(row, ct), prediction, null);
    }

    private const string StoredImageSql = "SELECT img_label AS Label, img_vector AS Vector FROM tf_images WHERE img_use = @use AND img_idx = @idx";

    /// <summary>Predicts a stored image and records its true label; null when there is no such image.</summary>
    public async Task<PredictionResult?> PredictStoredAsync(ImageKey key, CancellationToken ct)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var loaded = await model.GetAsync(ct);
        StoredImage? image;
        await using (var connection = await db.OpenConnectionAsync(ct))
        {
            image = await connection.QuerySingleOrDefaultAsync<StoredImage>(
                new CommandDefinition(StoredImageSql, new { use = (byte)key.Use, idx = key.Idx }, cancellationToken: ct));
        }

        if (image is null)
        {
            return null;
        }

        var prediction = loaded.Predict(PixelVector.ToFloats(image.Vector));
        var row = new PredictionRow("stored", key.Use, key.Idx, SHA256.HashData(image.Vector), prediction, image.Label, Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds);
        return new PredictionResult(await InsertAsync(row, ct), prediction, image.Label);
    }

    private const string InsertSql = """
        INSERT INTO predictions (model_version, source, img_use, img_idx, input_sha256, predicted_label, confidence,
                                 probabilities, actual_label, correct, latency_ms)
        VALUES (@version, @source, @use, @idx, @sha256, @label, @confidence, @probabilities, @actual, @correct, @latency);
        SELECT LAST_INSERT_ID();
        """;

    private async Task<long> InsertAsync(PredictionRow row, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSql, new DynamicParameters(row.Parameters()), cancellationToken: ct));
    }

    private sealed record StoredImage
    {
        public required int Label { get; init; }

        public required byte[] Vector { get; init; }
    }
}

/// <summary>One row of predictions, as written by single predictions and batch scoring alike.</summary>
public sealed record PredictionRow(string Source, ImageUse? Use, int? Idx, byte[] Sha256, Prediction Prediction, int? ActualLabel, double LatencyMs)
{
    public Dictionary<string, object?> Parameters() => new()
    {
        ["version"] = Prediction.ModelVersion,
        ["source"] = Source,
        ["use"] = (byte?)Use,
        ["idx"] = Idx,
        ["sha256"] = Sha256,
        ["label"] = Prediction.Label,
        ["confidence"] = Prediction.Confidence,
        ["probabilities"] = ProbabilitiesJson(Prediction),
        ["actual"] = ActualLabel,
        ["correct"] = ActualLabel is null ? null : ActualLabel == Prediction.Label,
        ["latency"] = LatencyMs,
    };

    /// <summary>{"T-shirt/top": p, ...}: readable with JSON_VALUE(probabilities, '$."Ankle boot"').</summary>
    public static string ProbabilitiesJson(Prediction prediction) =>
        JsonSerializer.Serialize(FashionClasses.Names.Select((name, i) => (name, p: prediction.Probabilities[i])).ToDictionary(x => x.name, x => x.p));
}
