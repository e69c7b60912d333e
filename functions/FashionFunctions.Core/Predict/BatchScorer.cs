using System.Diagnostics;
using Dapper;
using FashionFunctions.Core.Data;
using FashionFunctions.Core.Images;
using FashionFunctions.Core.Training;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace FashionFunctions.Core.Predict;

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

/// <summary>A batch as requested: one use's images, one model, in chunks of ChunkSize consecutive img_idx values.</summary>
public sealed record ScoreBatch
{
    public required string BatchId { get; init; }
    public required ImageUse Use { get; init; }
    public required long ModelVersion { get; init; }
    public required int Images { get; init; }
    public required int ChunkSize { get; init; }
    public required int Chunks { get; init; }
}

public sealed record ChunkResult(int Scored, int Inserted, int Correct, bool AlreadyScored);

public sealed record ChunkProgress(int Done, int Total);

public enum BatchState { Queued, Running, Succeeded, Failed }

/// <summary>A batch's progress as GET /api/predictions/batch/{batchId} shows it.</summary>
public sealed record BatchStatus(
    string BatchId, BatchState Status, ImageUse Use, long ModelVersion, int Images, ChunkProgress Chunks, long Scored, long Inserted,
    double? Accuracy, DateTime RequestedAt, DateTime? FinishedAt, string? Failure);

public sealed record BatchSummary(string Use, long ModelVersion, int Scored, int Inserted, double Accuracy, double Seconds);

/// <summary>
/// Scores every image of one use with one model, in chunks that any instance may score (one queue message each), and
/// stores the predictions in bulk. A chunk's row and its predictions are committed together, so a chunk scored twice
/// (a message redelivered after a crash, or taken by two instances) adds nothing; the unique key on (model version,
/// image) keeps a rerun of the same use and model from adding rows too.
/// </summary>
public sealed class BatchScorer(ActiveModel models, ModelRegistry registry, MariaDb db, IOptions<PredictOptions> options, ILogger<BatchScorer> log)
{
    private const string ExtentSql = "SELECT COUNT(*), CAST(COALESCE(MAX(img_idx) + 1, 0) AS SIGNED) FROM tf_images WHERE img_use = @use";

    private const string StartSql = """
        INSERT INTO score_batches (batch_id, img_use, model_version, images, chunk_size, chunks)
        VALUES (@BatchId, @Use, @ModelVersion, @Images, @ChunkSize, @Chunks)
        """;

    /// <summary>
    /// Records a batch for the given model, or the active one at the time of the request (so every chunk uses the same);
    /// null when that version does not exist or was never verified.
    /// </summary>
    public async Task<ScoreBatch?> StartAsync(ImageUse use, long? modelVersion, CancellationToken ct)
    {
        var model = modelVersion is { } version ? await registry.GetAsync(version, ct) : await registry.GetActiveAsync(ct) ?? throw new NoActiveModelException();
        if (model is null || model.Status is ModelStatus.Training or ModelStatus.Failed)
        {
            return null;
        }

        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        var (images, extent) = await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(ExtentSql, new { use = (byte)use }, cancellationToken: ct));
        var size = options.Value.BatchChunkSize;
        var batch = new ScoreBatch
        {
            BatchId = Guid.NewGuid().ToString("N"),
            Use = use,
            ModelVersion = model.Version,
            Images = (int)images,
            ChunkSize = size,
            Chunks = (int)((extent + size - 1) / size),
        };
        await connection.ExecuteAsync(new CommandDefinition(StartSql, new { batch.BatchId, Use = (byte)use, batch.ModelVersion, batch.Images, batch.ChunkSize, batch.Chunks }, cancellationToken: ct));
        log.LogInformation("Batch {BatchId}: {Images} {Use} images with model {ModelVersion} in {Chunks} chunks", batch.BatchId, batch.Images, use, model.Version, batch.Chunks);
        return batch;
    }

    private const string BatchSql = """
        SELECT batch_id AS BatchId, img_use AS `Use`, model_version AS ModelVersion, images AS Images, chunk_size AS ChunkSize, chunks AS Chunks
        FROM score_batches WHERE batch_id = @batchId
        """;

    private const string ChunkDoneSql = "SELECT COUNT(*) FROM score_batch_chunks WHERE batch_id = @batchId AND chunk = @chunk";

    /// <summary>Scores one chunk and stores its predictions, unless it was scored already.</summary>
    public async Task<ChunkResult> ScoreChunkAsync(string batchId, int chunk, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        var batch = await connection.QuerySingleOrDefaultAsync<ScoreBatch>(new CommandDefinition(BatchSql, new { batchId }, cancellationToken: ct))
            ?? throw new InvalidOperationException($"No batch {batchId} in this database.");
        if (chunk < 0 || chunk >= batch.Chunks)
        {
            throw new InvalidOperationException($"Batch {batchId} has chunks 0 to {batch.Chunks - 1}, not {chunk}.");
        }

        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(ChunkDoneSql, new { batchId, chunk }, cancellationToken: ct)) > 0)
        {
            return AlreadyScored(batchId, chunk);
        }

        var model = await models.GetVersionAsync(batch.ModelVersion, ct);
        var images = await ReadChunkAsync(connection, batch, chunk, ct);
        var predicted = new int[images.Count];
        var answers = new ModelAnswer[images.Count];
        var latency = new double[images.Count];
        Parallel.For(0, images.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var started = Stopwatch.GetTimestamp();
            answers[i] = model.Score(images[i].Pixels);
            predicted[i] = answers[i].Label;
            latency[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        });
        var correct = Enumerable.Range(0, images.Count).Count(i => predicted[i] == images[i].Label);

        var inserted = await StoreAsync(connection, batch, chunk, images, predicted, answers, latency, correct, ct);
        if (inserted is null)
        {
            return AlreadyScored(batchId, chunk);
        }

        log.LogInformation("Batch {BatchId}: chunk {Chunk} of {Chunks} scored, {Scored} images, {Inserted} new rows", batchId, chunk + 1, batch.Chunks, images.Count, inserted);
        return new ChunkResult(images.Count, inserted.Value, correct, AlreadyScored: false);
    }

    /// <summary>Every chunk of a new batch, one after the other, in this process (the admin CLI and benchmarks).</summary>
    public async Task<BatchSummary> ScoreAsync(ImageUse use, long? modelVersion, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var batch = await StartAsync(use, modelVersion, ct) ?? throw new ArgumentException($"Model version {modelVersion} does not exist or was never verified.");
        var chunks = new List<ChunkResult>();
        for (var chunk = 0; chunk < batch.Chunks; chunk++)
        {
            chunks.Add(await ScoreChunkAsync(batch.BatchId, chunk, ct));
        }

        var scored = chunks.Sum(c => c.Scored);
        return new BatchSummary(use.ToString(), batch.ModelVersion, scored, chunks.Sum(c => c.Inserted),
            scored == 0 ? 0 : (double)chunks.Sum(c => c.Correct) / scored, clock.Elapsed.TotalSeconds);
    }

    private const string StatusSql = """
        SELECT b.batch_id AS BatchId, b.img_use AS `Use`, b.model_version AS ModelVersion, b.images AS Images, b.chunks AS Chunks,
               b.requested_at AS RequestedAt, COUNT(c.chunk) AS Done, COALESCE(SUM(c.scored), 0) AS Scored,
               COALESCE(SUM(c.inserted), 0) AS Inserted, COALESCE(SUM(c.correct), 0) AS Correct, MAX(c.finished_at) AS LastFinished,
               b.failure AS Failure
        FROM score_batches b
        LEFT JOIN score_batch_chunks c ON c.batch_id = b.batch_id
        WHERE b.batch_id = @batchId
        GROUP BY b.batch_id
        """;

    public async Task<BatchStatus?> GetAsync(string batchId, CancellationToken ct)
    {
        var row = await db.ReadAsync((c, t) => c.QuerySingleOrDefaultAsync<StatusRow>(new CommandDefinition(StatusSql, new { batchId }, cancellationToken: t)), ct);
        if (row is null)
        {
            return null;
        }

        var status = row.Done == row.Chunks ? BatchState.Succeeded
            : row.Failure is not null ? BatchState.Failed
            : row.Done == 0 ? BatchState.Queued : BatchState.Running;
        return new BatchStatus(row.BatchId, status, row.Use, row.ModelVersion, row.Images, new ChunkProgress(row.Done, row.Chunks),
            row.Scored, row.Inserted, row.Scored == 0 ? null : (double)row.Correct / row.Scored, row.RequestedAt,
            status == BatchState.Succeeded ? row.LastFinished ?? row.RequestedAt : null, row.Failure);
    }

    private sealed record StatusRow
    {
        public required string BatchId { get; init; }
        public required ImageUse Use { get; init; }
        public required long ModelVersion { get; init; }
        public required int Images { get; init; }
        public required int Chunks { get; init; }
        public required DateTime RequestedAt { get; init; }
        public required int Done { get; init; }
        public required long Scored { get; init; }
        public required long Inserted { get; init; }
        public required long Correct { get; init; }
        public DateTime? LastFinished { get; init; }
        public string? Failure { get; init; }
    }

    private const string FailSql = "UPDATE score_batches SET failure = @failure WHERE batch_id = @batchId";

    /// <summary>Records why a batch will not complete (its chunk messages could not all be queued).</summary>
    public async Task FailAsync(string batchId, string failure, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(FailSql, new { batchId, failure }, cancellationToken: ct));
    }

    private sealed record Image(int Idx, int Label, byte[] Vector, float[] Pixels);

    private const string ChunkSql = """
        SELECT img_idx, img_label, img_vector FROM tf_images
        WHERE img_use = @use AND img_idx >= @from AND img_idx < @to
        ORDER BY img_idx
        """;

    private static async Task<List<Image>> ReadChunkAsync(MySqlConnection connection, ScoreBatch batch, int chunk, CancellationToken ct)
    {
        await using var command = new MySqlCommand(ChunkSql, connection);
        command.Parameters.AddWithValue("@use", (byte)batch.Use);
        command.Parameters.AddWithValue("@from", chunk * batch.ChunkSize);
        command.Parameters.AddWithValue("@to", (chunk + 1) * batch.ChunkSize);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var images = new List<Image>(batch.ChunkSize);
        while (await reader.ReadAsync(ct))
        {
            var vector = (byte[])reader.GetValue(2);
            images.Add(new Image(reader.GetInt32(0), reader.GetSByte(1), vector, PixelVector.ToFloats(vector)));
        }

        return images;
    }

    // The chunk's row first: a second scorer of the same chunk waits on its key, then finds it taken.
    private const string ClaimSql = "INSERT INTO score_batch_chunks (batch_id, chunk, scored, inserted, correct) VALUES (@batchId, @chunk, @scored, 0, @correct)";

    private const string CountSql = "UPDATE score_batch_chunks SET inserted = @inserted, finished_at = CURRENT_TIMESTAMP(3) WHERE batch_id = @batchId AND chunk = @chunk";

    // IGNORE skips only rows whose (model_version, image) is already stored: reruns add nothing.
    private const string InsertSql = """
        INSERT IGNORE INTO predictions (model_version, source, img_use, img_idx, input_sha256, predicted_label, confidence,
                                        out_of_distribution, ood_score, probabilities, actual_label, correct, latency_ms)
        VALUES (@ModelVersion, @Source, @ImgUse, @ImgIdx, @Sha, @Label, @Confidence, @OutOfDistribution, @OodScore, @Probabilities,
                @Actual, @Correct, @LatencyMs)
        """;

    /// <summary>The chunk's row and predictions in one transaction; null when another scorer stored this chunk first.</summary>
    private static async Task<int?> StoreAsync(MySqlConnection connection, ScoreBatch batch, int chunk, List<Image> images, int[] predicted,
        ModelAnswer[] answers, double[] latency, int correct, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(ClaimSql, new { batchId = batch.BatchId, chunk, scored = images.Count, correct }, transaction, cancellationToken: ct));
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.DuplicateKeyEntry)
        {
            return null;
        }

        await using var insert = new MySqlBatch(connection, transaction);
        for (var i = 0; i < images.Count; i++)
        {
            var row = new PredictionService.PredictionRow(batch.ModelVersion, PredictionSource.Batch, new ImageKey(batch.Use, images[i].Idx),
                PredictionService.Hash(images[i].Vector), predicted[i], answers[i], images[i].Label, latency[i]);
            var command = new MySqlBatchCommand(InsertSql);
            PredictionService.AddParameters(command.Parameters, row);
            insert.BatchCommands.Add(command);
        }

        var inserted = images.Count == 0 ? 0 : await insert.ExecuteNonQueryAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(CountSql, new { batchId = batch.BatchId, chunk, inserted }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return inserted;
    }

    private ChunkResult AlreadyScored(string batchId, int chunk)
    {
        log.LogInformation("Batch {BatchId}: chunk {Chunk} was scored already; nothing added", batchId, chunk + 1);
        return new ChunkResult(0, 0, 0, AlreadyScored: true);
    }
}
