using System.Diagnostics;
using FashionFunctions.Core.Data;
using FashionFunctions.Core.Images;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace FashionFunctions.Core.Dataset;

public sealed record ImportProgress(ImageUse Use, int Done, int Total);

public sealed record ImportSummary(int Training, int Testing, double Seconds, string Source);

/// <summary>
/// Loads Fashion-MNIST into tf_images. Every file is read and validated before the first write, so a bad file leaves
/// the database as it was; rows are upserted in batches, one transaction each, so a rerun (or a run after a kill)
/// ends with exactly one row per image. Being idempotent, a batch that meets a transient failure (a connection that
/// cannot be had in time on a busy server, a deadlock) is simply written again.
/// </summary>
public sealed class DatasetImporter(MariaDb db, IHttpClientFactory httpClients, ILogger<DatasetImporter> log)
{
    public const int BatchSize = 1000;

    public async Task<ImportSummary> ImportAsync(DatasetSource source, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        log.LogInformation("Reading Fashion-MNIST from {Source}", source.Description);
        var http = httpClients.CreateClient(nameof(DatasetImporter));
        var splits = await Task.WhenAll(
            ReadSplitAsync(source, http, ImageUse.Training, DatasetSource.TrainImages, DatasetSource.TrainLabels, ct),
            ReadSplitAsync(source, http, ImageUse.Testing, DatasetSource.TestImages, DatasetSource.TestLabels, ct));

        foreach (var split in splits)
        {
            await WriteSplitAsync(split, progress, ct);
        }

        var summary = new ImportSummary(splits[0].Count, splits[1].Count, clock.Elapsed.TotalSeconds, source.Description);
        log.LogInformation("Imported {Training} training and {Testing} testing images in {Seconds:F1} s", summary.Training, summary.Testing, summary.Seconds);
        return summary;
    }

    private static async Task<IdxSplit> ReadSplitAsync(DatasetSource source, HttpClient http, ImageUse use, string imagesName, string labelsName, CancellationToken ct)
    {
        await using var imagesStream = await source.OpenAsync(imagesName, http, ct);
        await using var labelsStream = await source.OpenAsync(labelsName, http, ct);
        return IdxFile.Split(use, IdxFile.ReadImages(imagesStream, imagesName), IdxFile.ReadLabels(labelsStream, labelsName), imagesName);
    }

    private async Task WriteSplitAsync(IdxSplit split, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        // Encoding the next batch overlaps with writing this one: PNG compression and MariaDB each get a core.
        var next = Task.Run(() => EncodeBatch(split, 0), ct);
        for (var start = 0; start < split.Count; start += BatchSize)
        {
            var rows = await next;
            var following = start + BatchSize;
            next = following < split.Count ? Task.Run(() => EncodeBatch(split, following), ct) : Task.FromResult(Array.Empty<ImageRow>());
            await UpsertAsync(rows, ct);
            progress?.Report(new ImportProgress(split.Use, Math.Min(following, split.Count), split.Count));
        }
    }

    private static ImageRow[] EncodeBatch(IdxSplit split, int start)
    {
        var rows = new ImageRow[Math.Min(BatchSize, split.Count - start)];
        Parallel.For(0, rows.Length, i =>
        {
            var pixels = split.Image(start + i);
            rows[i] = new ImageRow(split.Use, start + i, split.Labels[start + i], PixelVector.FromPixels(pixels), GrayscalePng.Encode(pixels));
        });
        return rows;
    }

    // VALUES() rather than MySQL 8.0.19's row alias: MariaDB has no row alias, and both accept VALUES().
    private const string UpsertSql = """
        INSERT INTO tf_images (img_label, img_vector, img_idx, img_blob, img_use)
        VALUES (@label, @vector, @idx, @png, @use)
        ON DUPLICATE KEY UPDATE
            img_label = VALUES(img_label),
            img_vector = VALUES(img_vector),
            img_blob = VALUES(img_blob)
        """;

    private async Task UpsertAsync(ImageRow[] rows, CancellationToken ct) =>
        await db.ReadAsync(async (connection, token) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(token);
            await using var batch = new MySqlBatch(connection, transaction);
            foreach (var row in rows)
            {
                var command = new MySqlBatchCommand(UpsertSql);
                command.Parameters.AddWithValue("@label", row.Label);
                command.Parameters.AddWithValue("@vector", row.Vector);
                command.Parameters.AddWithValue("@idx", row.Idx);
                command.Parameters.AddWithValue("@png", row.Png);
                command.Parameters.AddWithValue("@use", (byte)row.Use);
                batch.BatchCommands.Add(command);
            }

            var written = await batch.ExecuteNonQueryAsync(token);
            await transaction.CommitAsync(token);
            return written;
        }, ct);

    private sealed record ImageRow(ImageUse Use, int Idx, byte Label, byte[] Vector, byte[] Png);
}
