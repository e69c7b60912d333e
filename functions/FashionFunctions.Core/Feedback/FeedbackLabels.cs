using Dapper;
using FashionFunctions.Core.Images;
using FashionFunctions.Core.Predict;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace FashionFunctions.Core.Feedback;

public enum LabelOutcome
{
    /// <summary>Stored now: a Feedback image and the prediction's true label.</summary>
    Labelled,

    /// <summary>The prediction had this label already: nothing changed.</summary>
    Replayed,

    NotFound,

    /// <summary>The prediction was labelled before with another class.</summary>
    Conflict,

    /// <summary>The prediction scored a stored image, whose label is known, or kept no image to learn from.</summary>
    NotLabellable,
}

/// <summary>A prediction's true label as a user gave it, and the Feedback image that holds it.</summary>
public sealed record PredictionLabel(
    long PredictionId, int Label, string ClassName, int PredictedLabel, bool Correct, ImageUse Use, long ImgIdx, DateTime LabelledAt,
    bool RetrainQueued);

public sealed record LabelResult(LabelOutcome Outcome, PredictionLabel? Label, string Detail);

/// <summary>
/// Turns a correction into training data: the 28x28 image an upload's prediction saw becomes a tf_images row of the
/// Feedback use (img_idx = the prediction's id), and the prediction row gets its true label and points at that image.
/// </summary>
public sealed class FeedbackLabels(MySqlDataSource db, FeedbackRetrainTrigger trigger, TimeProvider clock, ILogger<FeedbackLabels> log)
{
    // The row is locked, so two labels for one prediction are decided one after the other.
    private const string PredictionSql = """
        SELECT source AS Source, predicted_label AS PredictedLabel, actual_label AS ActualLabel, input_png AS InputPng,
               img_use AS ImgUse, img_idx AS ImgIdx, labelled_at AS LabelledAt
        FROM predictions WHERE id = @id AND NOT shadow
        FOR UPDATE
        """;

    private const string InsertImageSql = """
        INSERT INTO tf_images (img_label, img_vector, img_idx, img_blob, img_use)
        VALUES (@label, @vector, @idx, @png, @use)
        """;

    // The shadow rows of the prediction learn the label too: it is their evidence.
    private const string LabelSql = """
        UPDATE predictions
        SET actual_label = @label, correct = (predicted_label = @label), img_use = @use, img_idx = @idx,
            labelled_at = CASE WHEN shadow THEN NULL ELSE @now END
        WHERE id = @id OR shadow_of = @id
        """;

    public async Task<LabelResult> LabelAsync(long predictionId, int label, CancellationToken ct)
    {
        var labelled = await StoreAsync(predictionId, label, ct);
        if (labelled.Outcome != LabelOutcome.Labelled)
        {
            return labelled;
        }

        var queued = await trigger.QueueIfDueAsync(ct);
        return labelled with { Label = labelled.Label! with { RetrainQueued = queued } };
    }

    private async Task<LabelResult> StoreAsync(long id, int label, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<StoredPrediction>(new CommandDefinition(PredictionSql, new { id }, transaction, cancellationToken: ct));
        if (row is null)
        {
            return new(LabelOutcome.NotFound, null, $"No prediction {id}.");
        }

        if (row.Source != "upload")
        {
            return new(LabelOutcome.NotLabellable, null,
                $"Prediction {id} scored a stored image ({(ImageUse)row.ImgUse!}/{row.ImgIdx}) whose label is known; only predictions of uploads take a label.");
        }

        if (row.ActualLabel is { } earlier)
        {
            return earlier == label
                ? new(LabelOutcome.Replayed, View(id, row, earlier, row.LabelledAt!.Value), $"Prediction {id} was already labelled {FashionClasses.Names[label]}.")
                : new(LabelOutcome.Conflict, null,
                    $"Prediction {id} was labelled {FashionClasses.Names[earlier]} before; a different label ({FashionClasses.Names[label]}) is refused.");
        }

        if (row.InputPng is null)
        {
            return new(LabelOutcome.NotLabellable, null, $"Prediction {id} was made before inputs were kept; its image cannot be labelled.");
        }

        if (id > ImageKey.MaxIdx)
        {
            return new(LabelOutcome.NotLabellable, null, $"Prediction {id} is beyond the Feedback image numbers (up to {ImageKey.MaxIdx}).");
        }

        // DATETIME(3) keeps milliseconds: the first answer says what a replay will read back.
        var utc = clock.GetUtcNow().UtcDateTime;
        var now = utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMillisecond));
        var png = row.InputPng;
        var vector = PixelVector.FromPixels(GrayscalePng.Decode(png));
        var use = (byte)ImageUse.Feedback;
        await connection.ExecuteAsync(new CommandDefinition(InsertImageSql, new { label, vector, idx = id, png, use }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(LabelSql, new { id, label, use, idx = id, now }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        log.LogInformation("Prediction {PredictionId} labelled {ClassName} (predicted {Predicted})", id, FashionClasses.Names[label], FashionClasses.Names[row.PredictedLabel]);
        return new(LabelOutcome.Labelled, View(id, row, label, now), $"Prediction {id} labelled {FashionClasses.Names[label]}.");
    }

    private static PredictionLabel View(long id, StoredPrediction row, int label, DateTime labelledAt) =>
        new(id, label, FashionClasses.Names[label], row.PredictedLabel, row.PredictedLabel == label, ImageUse.Feedback, id,
            DateTime.SpecifyKind(labelledAt, DateTimeKind.Utc), false);

    private sealed record StoredPrediction
    {
        public required string Source { get; init; }
        public required int PredictedLabel { get; init; }
        public int? ActualLabel { get; init; }
        public byte[]? InputPng { get; init; }
        public int? ImgUse { get; init; }
        public long? ImgIdx { get; init; }
        public DateTime? LabelledAt { get; init; }
    }
}
