using System.Security.Cryptography;
using System.Text;
using Dapper;
using FashionFunctions.Core.Data;

namespace FashionFunctions.Core.Training;

/// <summary>The statuses of retrain_requests.status, in the SQL ENUM's order.</summary>
public enum RetrainRequestStatus { Queued, Running, Succeeded, Failed, Skipped, Cancelled }

/// <summary>
/// What became of a retrain request, as anyone who knows its id may read it: its settings, never its callback URL
/// (which only the requester should know).
/// </summary>
public sealed record RetrainRequestView
{
    public required string RequestId { get; init; }
    public required DateTime RequestedAt { get; init; }
    public required string Source { get; init; }
    public required RetrainRequestStatus Status { get; init; }
    public string? Trainer { get; init; }
    public bool Force { get; init; }
    public bool HasCallback { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }

    /// <summary>Seconds from the request to the start of its run, or until now while it is still queued.</summary>
    public required double WaitedSeconds { get; init; }
    public long? ModelVersion { get; init; }
    public string? Message { get; init; }
}

/// <summary>A request as stored: its canonical JSON and that JSON's SHA-256.</summary>
public sealed record RecordedRetrainRequest
{
    public required string RequestId { get; init; }
    public required RetrainRequestStatus Status { get; init; }
    public required string Request { get; init; }
    public string? RequestSha256 { get; init; }
}

/// <summary>The retrain_requests table: one row per request from HTTP, the queue, the timer or the CLI.</summary>
public sealed class RetrainRequests(MariaDb db)
{
    /// <summary>The request's canonical JSON (the service's own serialisation of the parsed request) and its hash.</summary>
    public static (string Json, string Sha256) Canonical(RetrainRequest request)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(request, RetrainRequest.JsonOptions);
        return (json, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))));
    }

    // IGNORE: the first record of an id wins; a message delivered twice, or a run that starts before the HTTP function
    // records its request, changes nothing.
    private const string RecordSql = """
        INSERT IGNORE INTO retrain_requests (request_id, source, request, request_sha256, status)
        VALUES (@requestId, @source, @request, @sha, 'queued');
        SELECT request_id AS RequestId, status AS Status, request AS Request, request_sha256 AS RequestSha256
        FROM retrain_requests WHERE request_id = @requestId;
        """;

    /// <summary>Records the request unless its id is recorded already; returns what is recorded under the id.</summary>
    public async Task<RecordedRetrainRequest> RecordAsync(string requestId, string source, RetrainRequest request, CancellationToken ct)
    {
        var (json, sha) = Canonical(request);
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<RecordedRetrainRequest>(new CommandDefinition(RecordSql, new { requestId, source, request = json, sha }, cancellationToken: ct));
    }

    private const string RecordedSql = """
        SELECT request_id AS RequestId, status AS Status, request AS Request, request_sha256 AS RequestSha256
        FROM retrain_requests WHERE request_id = @requestId
        """;

    public async Task<RecordedRetrainRequest?> GetRecordedAsync(string requestId, CancellationToken ct) =>
        await db.ReadAsync((c, t) => c.QuerySingleOrDefaultAsync<RecordedRetrainRequest>(new CommandDefinition(RecordedSql, new { requestId }, cancellationToken: t)), ct);

    private const string MarkSql = """
        UPDATE retrain_requests SET
            status = @status,
            started_at = CASE WHEN @status = 'running' THEN CURRENT_TIMESTAMP(3) ELSE started_at END,
            finished_at = CASE WHEN @status IN ('succeeded', 'failed', 'skipped') THEN CURRENT_TIMESTAMP(3) ELSE finished_at END,
            model_version = COALESCE(@modelVersion, model_version),
            message = COALESCE(@message, message)
        WHERE request_id = @requestId AND status <> 'cancelled'
        """;

    public async Task MarkAsync(string requestId, RetrainRequestStatus status, long? modelVersion, string? message, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(MarkSql, new { requestId, status = SqlEnum.Name(status), modelVersion, message }, cancellationToken: ct));
    }

    // Only a request nobody has started may be cancelled; the status check and the change are one statement.
    private const string CancelSql = """
        UPDATE retrain_requests SET status = 'cancelled', finished_at = CURRENT_TIMESTAMP(3), message = 'Cancelled before a worker picked it up.'
        WHERE request_id = @requestId AND status = 'queued'
        """;

    /// <summary>Cancels a queued request; false when it is unknown or no longer queued.</summary>
    public async Task<bool> CancelAsync(string requestId, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(CancelSql, new { requestId }, cancellationToken: ct)) == 1;
    }

    // A cancel and a start that race: whichever UPDATE comes first wins, the other changes no row.
    private const string StartSql = """
        UPDATE retrain_requests SET status = 'running', started_at = CURRENT_TIMESTAMP(3)
        WHERE request_id = @requestId AND status <> 'cancelled'
        """;

    /// <summary>Marks the request running; false when it was cancelled first.</summary>
    public async Task<bool> StartAsync(string requestId, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(StartSql, new { requestId }, cancellationToken: ct)) == 1;
    }

    private const string ViewSql = """
        SELECT request_id AS RequestId, requested_at AS RequestedAt, source AS Source, status AS Status,
               JSON_VALUE(request, '$.trainer') AS Trainer,
               COALESCE(JSON_VALUE(request, '$.force'), '') IN ('1', 'true') AS `Force`,
               JSON_VALUE(request, '$.callbackUrl') IS NOT NULL AS HasCallback,
               started_at AS StartedAt, finished_at AS FinishedAt, model_version AS ModelVersion, message AS Message,
               TIMESTAMPDIFF(MICROSECOND, requested_at, COALESCE(started_at, CURRENT_TIMESTAMP(3))) / 1e6 AS WaitedSeconds
        FROM retrain_requests WHERE request_id = @requestId
        """;

    public async Task<RetrainRequestView?> GetAsync(string requestId, CancellationToken ct) =>
        await db.ReadAsync((c, t) => c.QuerySingleOrDefaultAsync<RetrainRequestView>(new CommandDefinition(ViewSql, new { requestId }, cancellationToken: t)), ct);
}
