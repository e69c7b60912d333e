using System.Diagnostics;
using System.Runtime.InteropServices;
using FashionFunctions.Training;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace FashionFunctions.Predict;

/// <summary>The body of POST /api/predictions/batch and of a score-requests message.</summary>
public sealed record ScoreRequest(string? Use, long? ModelVersion) : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        if (!ImageUses.TryParse(Use, out _))
        {
            yield return new(Use is null ? "'use' is required: Training or Testing." : ImageUses.Unknown(Use), [nameof(Use)]);
        }

        if (ModelVersion is <= 0)
        {
            yield return new("'modelVersion' must be a positive whole number.", [nameof(ModelVersion)]);
        }
    }
}

public sealed record BatchSummary(string Use, long ModelVersion, int Scored, int Inserted, double Accuracy, double Seconds);

/// <summary>
/// Scores every image of one use with one model and stores the predictions in bulk. The unique key on (model version,
/// image) makes a rerun insert nothing twice.
/// </summary>
public sealed class BatchScorer(ActiveModel models, MySqlDataSource db, ILogger<BatchScorer> log)
{
    public const int BatchSize = 1000;

    public async Task<BatchSummary> ScoreAsync(ImageUse use, long? modelVersion, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var model = modelVersion is { } version ? await models.GetVersionAsync(version, ct) : await models.GetAsync(ct);
        var images = await TrainingSet.ReadAsync(db, use, null, ct);
        var predicted = new int[images.Count];
        var answers = new ModelAnswer[images.Count];
        var latency = new double[images.Count];
        Parallel.For(0, images.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var started = Stopwatch.GetTimestamp();
            answers[i] = model.Score(images.Row(i));
            predicted[i] = answers[i].Label;
            latency[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        });

        var inserted = 0;
        for (var start = 0; start < images.Count; start += BatchSize)
        {
            inserted += await InsertAsync(images, model.Version, use, start, Math.Min(images.Count, start + BatchSize), predicted, answers, latency, ct);
        }

        var correct = Enumerable.Range(0, images.Count).Count(i => predicted[i] == images.Labels[i]);
        var summary = new BatchSummary(use.ToString(), model.Version, images.Count, inserted, images.Count == 0 ? 0 : (double)correct / images.Count, clock.Elapsed.TotalSeconds);
        log.LogInformation("Scored {Scored} {Use} images with model {ModelVersion}: {Inserted} new rows, accuracy {Accuracy:P2}", summary.Scored, use, model.Version, inserted, summary.Accuracy);
        return summary;
    }

    // IGNORE skips only rows whose (model_version, image) is already stored: reruns add nothing.
    private const string InsertSql = """
        INSERT IGNORE INTO predictions (model_version, source, img_use, img_idx, input_sha256, predicted_label, confidence,
                                        out_of_distribution, ood_score, probabilities, actual_label, correct, latency_ms)
        VALUES (@ModelVersion, @Source, @ImgUse, @ImgIdx, @Sha, @Label, @Confidence, @OutOfDistribution, @OodScore, @Probabilities,
                @Actual, @Correct, @LatencyMs)
        """;

    private async Task<int> InsertAsync(TrainingSet images, long version, ImageUse use, int start, int end, int[] predicted, ModelAnswer[] answers, double[] latency, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new MySqlBatch(connection, transaction);
        for (var i = start; i < end; i++)
        {
            var row = new PredictionService.PredictionRow(version, PredictionSource.Batch, new ImageKey(use, i),
                PredictionService.Hash(MemoryMarshal.AsBytes(images.Row(i).AsSpan()).ToArray()), predicted[i], answers[i], (int)images.Labels[i], latency[i]);
            var command = new MySqlBatchCommand(InsertSql);
            PredictionService.AddParameters(command.Parameters, row);
            batch.BatchCommands.Add(command);
        }

        var inserted = await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return inserted;
    }
}
