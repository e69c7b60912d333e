using System.Diagnostics;
using System.Security.Cryptography;
using Dapper;
using FashionFunctions.Images;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace FashionFunctions.Predict;

/// <summary>A batch-scoring request, as queued on score-requests: {"use": "Testing", "modelVersion": 3}.</summary>
public sealed record ScoreRequest(string Use, long? ModelVersion);

public sealed record ScoreSummary(long ModelVersion, string Use, int Scored, int Inserted, int Correct, double Accuracy, double Seconds);

/// <summary>
/// Scores every image of one use with one model version, in pages, with one multi-statement round trip per page.
/// INSERT IGNORE on the (model_version, batch image) key makes a rerun, or a retry after a crash, add nothing twice.
/// </summary>
public sealed class BatchScorer(ActiveModel active, IModelSource source, MySqlDataSource db, IOptions<PredictOptions> options, ILogger<BatchScorer> log)
{
    public async Task<ScoreSummary> ScoreAsync(ImageUse use, long? modelVersion, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var model = await ModelAsync(modelVersion, ct);
        int scored = 0, inserted = 0, correct = 0;
        for (var afterIdx = -1L; ;)
        {
            var page = await PageAsync(use, afterIdx, options.Value.BatchSize, ct);
            if (page.Count == 0)
            {
                break;
            }

            var rows = new PredictionRow[page.Count];
            Parallel.For(0, page.Count, new ParallelOptions { CancellationToken = ct }, i =>
            {
                var started = Stopwatch.GetTimestamp();
                var prediction = model.Predict(PixelVector.ToFloats(page[i].Vector));
                rows[i] = new PredictionRow("batch", use, (int)page[i].Idx, SHA256.HashData(page[i].Vector), prediction, page[i].Label,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            });
            inserted += await InsertAsync(rows, ct);
            scored += rows.Length;
            correct += rows.Count(r => r.ActualLabel == r.Prediction.Label);
            afterIdx = page[^1].Idx;
        }

        var summary = new ScoreSummary(model.Version, use.ToString(), scored, inserted, correct, scored == 0 ? 0 : (double)correct / scored, clock.Elapsed.TotalSeconds);
        log.LogInformation("Scored {Scored} {Use} images with model {Version}: accuracy {Accuracy:P2}, {Inserted} new rows, {Seconds:F1} s",
            summary.Scored, summary.Use, summary.ModelVersion, summary.Accuracy, summary.Inserted, summary.Seconds);
        return summary;
    }

    private async Task<LoadedModel> ModelAsync(long? version, CancellationToken ct)
    {
        var activeModel = await active.GetAsync(ct);
        if (version is null || version == activeModel.Version)
        {
            return activeModel;
        }

        var reference = await source.VersionAsync(version.Value, ct) ?? throw new InvalidInputException(404, $"There is no model version {version}.");
        return LoadedModel.Load(reference.Version, await source.DownloadAsync(reference, ct));
    }

    private const string PageSql = """
        SELECT img_idx AS Idx, img_label AS Label, img_vector AS Vector
        FROM tf_images
        WHERE img_use = @use AND img_idx > @afterIdx
        ORDER BY img_idx
        LIMIT @limit
        """;

    private async Task<List<StoredImage>> PageAsync(ImageUse use, long afterIdx, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<StoredImage>(new CommandDefinition(PageSql, new { use = (byte)use, afterIdx, limit }, cancellationToken: ct))];
    }

    private const string InsertSql = """
        INSERT IGNORE INTO predictions (model_version, source, img_use, img_idx, input_sha256, predicted_label, confidence,
                                        probabilities, actual_label, correct, latency_ms)
        VALUES (@version, @source, @use, @idx, @sha256, @label, @confidence, @probabilities, @actual, @correct, @latency)
        """;

    private async Task<int> InsertAsync(PredictionRow[] rows, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new MySqlBatch(connection, transaction);
        foreach (var row in rows)
        {
            var command = new MySqlBatchCommand(InsertSql);
            foreach (var (name, value) in row.Parameters())
            {
                command.Parameters.AddWithValue("@" + name, value);
            }

            batch.BatchCommands.Add(command);
        }

        var inserted = await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return inserted;
    }

    private sealed record StoredImage
    {
        public required long Idx { get; init; }

        public required int Label { get; init; }

        public required byte[] Vector { get; init; }
    }
}
