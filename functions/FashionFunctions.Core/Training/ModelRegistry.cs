using System.Text.Json;
using Dapper;
using FashionFunctions.Data;
using MySqlConnector;

namespace FashionFunctions.Training;

/// <summary>One row of the models table.</summary>
public sealed record ModelVersion
{
    public required long Version { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required string Trainer { get; init; }
    public required string Hyperparameters { get; init; }
    public int TrainingRows { get; init; }
    public int TestingRows { get; init; }
    public double Accuracy { get; init; }
    public double MacroAccuracy { get; init; }
    public double MacroF1 { get; init; }
    public double LogLoss { get; init; }
    public string? PerClass { get; init; }
    public string? ConfusionMatrix { get; init; }
    public double TrainingSeconds { get; init; }
    public string BlobName { get; init; } = "";
    public string Sha256 { get; init; } = "";
    public long SizeBytes { get; init; }
    public required string Status { get; init; }
    public string? Error { get; init; }
    public string? RequestId { get; init; }
}

public sealed record RetrainRequestRow
{
    public required string RequestId { get; init; }
    public required DateTime RequestedAt { get; init; }
    public required string Source { get; init; }
    public required string Request { get; init; }
    public required string Status { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
    public long? ModelVersion { get; init; }
    public string? Message { get; init; }

    /// <summary>Seconds from the request to the start of its run, or until now while it is still queued.</summary>
    public double WaitedSeconds { get; init; }
}

/// <summary>The models and retrain_requests tables.</summary>
public sealed class ModelRegistry(MariaDb db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = """
        version AS Version, created_at AS CreatedAt, trainer AS Trainer, hyperparameters AS Hyperparameters,
        training_rows AS TrainingRows, testing_rows AS TestingRows, COALESCE(accuracy, 0) AS Accuracy,
        COALESCE(macro_accuracy, 0) AS MacroAccuracy, COALESCE(macro_f1, 0) AS MacroF1, COALESCE(log_loss, 0) AS LogLoss,
        per_class AS PerClass, confusion_matrix AS ConfusionMatrix, COALESCE(training_seconds, 0) AS TrainingSeconds,
        COALESCE(blob_name, '') AS BlobName, COALESCE(sha256, '') AS Sha256, COALESCE(size_bytes, 0) AS SizeBytes,
        status AS Status, error AS Error, request_id AS RequestId
        """;

    private const string ActiveSql = $"SELECT {Columns} FROM models WHERE status = 'active'";

    public async Task<ModelVersion?> GetActiveAsync(CancellationToken ct) =>
        await db.ReadAsync((c, t) => c.QuerySingleOrDefaultAsync<ModelVersion>(new CommandDefinition(ActiveSql, cancellationToken: t)), ct);

    private const string OneSql = $"SELECT {Columns} FROM models WHERE version = @version";

    public async Task<ModelVersion?> GetAsync(long version, CancellationToken ct) =>
        await db.ReadAsync((c, t) => c.QuerySingleOrDefaultAsync<ModelVersion>(new CommandDefinition(OneSql, new { version }, cancellationToken: t)), ct);

    private const string ListSql = $"SELECT {Columns} FROM models ORDER BY version DESC LIMIT @limit";

    public async Task<IReadOnlyList<ModelVersion>> ListAsync(int limit, CancellationToken ct) =>
        [.. await db.ReadAsync((c, t) => c.QueryAsync<ModelVersion>(new CommandDefinition(ListSql, new { limit }, cancellationToken: t)), ct)];

    private const string StartSql = """
        INSERT INTO models (trainer, hyperparameters, status, request_id) VALUES (@trainer, @hyperparameters, 'training', @requestId);
        SELECT LAST_INSERT_ID();
        """;

    public async Task<long> StartAsync(TrainerSettings settings, string requestId, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(StartSql,
            new { trainer = settings.Trainer, hyperparameters = JsonSerializer.Serialize(settings, Json), requestId }, cancellationToken: ct));
    }

    private const string CompleteSql = """
        UPDATE models SET
            training_rows = @TrainingRows, testing_rows = @TestingRows, accuracy = @Accuracy, macro_accuracy = @MacroAccuracy,
            macro_f1 = @MacroF1, log_loss = @LogLoss, per_class = @PerClass, confusion_matrix = @ConfusionMatrix,
            training_seconds = @TrainingSeconds, blob_name = @BlobName, sha256 = @Sha256, size_bytes = @SizeBytes,
            status = 'candidate'
        WHERE version = @Version AND status = 'training'
        """;

    /// <summary>Records a trained, stored and verified model as a candidate.</summary>
    public async Task CompleteAsync(long version, TrainedModel model, StoredModel blob, CancellationToken ct)
    {
        var e = model.Evaluation;
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition(CompleteSql, new
        {
            Version = version,
            model.TrainingRows,
            model.TestingRows,
            e.Accuracy,
            e.MacroAccuracy,
            e.MacroF1,
            e.LogLoss,
            PerClass = JsonSerializer.Serialize(e.PerClass, Json),
            ConfusionMatrix = JsonSerializer.Serialize(e.ConfusionMatrix, Json),
            model.TrainingSeconds,
            blob.BlobName,
            blob.Sha256,
            blob.SizeBytes,
        }, cancellationToken: ct));
        if (updated != 1)
        {
            throw new InvalidOperationException($"Model {version} is no longer training; it was not recorded.");
        }
    }

    private const string FailSql = "UPDATE models SET status = 'failed', error = @error WHERE version = @version AND status = 'training'";

    public async Task FailAsync(long version, string error, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(FailSql, new { version, error }, cancellationToken: ct));
    }

    // Runs only while holding the training lock, so any row still 'training' belongs to a run that died.
    private const string AbandonSql = "UPDATE models SET status = 'failed', error = 'Interrupted: the training run stopped before it finished.' WHERE status = 'training'";

    public async Task<int> FailInterruptedAsync(CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(AbandonSql, cancellationToken: ct));
    }

    private const string RetireSql = "UPDATE models SET status = 'retired' WHERE status = 'active' AND version <> @version";

    private const string ActivateSql = "UPDATE models SET status = 'active' WHERE version = @version AND status IN ('candidate', 'retired', 'active')";

    /// <summary>Makes one verified model the active one, in one transaction; false when it cannot be active (failed, training).</summary>
    public async Task<bool> ActivateAsync(long version, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var eligible = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT status FROM models WHERE version = @version FOR UPDATE", new { version }, transaction, cancellationToken: ct));
        if (eligible is not ("candidate" or "retired" or "active"))
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(RetireSql, new { version }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(ActivateSql, new { version }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return true;
    }

    // INSERT IGNORE: a message delivered twice keeps its first record.
    private const string RequestSql = "INSERT IGNORE INTO retrain_requests (request_id, source, request, status) VALUES (@requestId, @source, @request, 'queued')";

    public async Task RecordRequestAsync(string requestId, string source, string request, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(RequestSql, new { requestId, source, request }, cancellationToken: ct));
    }

    private const string RequestStatusSql = """
        UPDATE retrain_requests SET
            status = @status,
            started_at = CASE WHEN @status = 'running' THEN CURRENT_TIMESTAMP(3) ELSE started_at END,
            finished_at = CASE WHEN @status IN ('succeeded', 'failed', 'skipped') THEN CURRENT_TIMESTAMP(3) ELSE finished_at END,
            model_version = COALESCE(@modelVersion, model_version),
            message = COALESCE(@message, message)
        WHERE request_id = @requestId
        """;

    public async Task MarkRequestAsync(string requestId, string status, long? modelVersion, string? message, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(RequestStatusSql, new { requestId, status, modelVersion, message }, cancellationToken: ct));
    }

    private const string GetRequestSql = """
        SELECT request_id AS RequestId, requested_at AS RequestedAt, source AS Source, request AS Request, status AS Status,
               started_at AS StartedAt, finished_at AS FinishedAt, model_version AS ModelVersion, message AS Message,
               TIMESTAMPDIFF(MICROSECOND, requested_at, COALESCE(started_at, CURRENT_TIMESTAMP(3))) / 1e6 AS WaitedSeconds
        FROM retrain_requests WHERE request_id = @requestId
        """;

    public async Task<RetrainRequestRow?> GetRequestAsync(string requestId, CancellationToken ct) =>
        await db.ReadAsync((c, t) => c.QuerySingleOrDefaultAsync<RetrainRequestRow>(new CommandDefinition(GetRequestSql, new { requestId }, cancellationToken: t)), ct);
}
