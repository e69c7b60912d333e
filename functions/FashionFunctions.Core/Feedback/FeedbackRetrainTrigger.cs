using Dapper;
using FashionFunctions.Core.Training;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace FashionFunctions.Core.Feedback;

/// <summary>
/// Data-driven retraining: once enough corrections arrived since the active model was trained, queue one retrain, at
/// most once per interval. Instances claim the right to queue with a conditional UPDATE of one row, so two instances
/// deciding at once queue a single retrain.
/// </summary>
public sealed class FeedbackRetrainTrigger(MySqlDataSource db, RetrainQueue queue, IOptions<TrainingOptions> options, TimeProvider clock, ILogger<FeedbackRetrainTrigger> log)
{
    private const string PendingSql = """
        SELECT COUNT(*) FROM predictions
        WHERE labelled_at > COALESCE((SELECT created_at FROM models WHERE status = 'active'), '1970-01-01')
        """;

    private const string ClaimSql = """
        UPDATE feedback_retrains SET last_queued_at = @now, last_request_id = @requestId
        WHERE id = 1 AND (last_queued_at IS NULL OR last_queued_at <= @notAfter)
        """;

    // Only this claim's own row is put back, so a later instance's claim is never undone.
    private const string ReleaseSql = """
        UPDATE feedback_retrains SET last_queued_at = NULL, last_request_id = NULL
        WHERE id = 1 AND last_request_id = @requestId
        """;

    /// <summary>How many corrections arrived since the active model was trained.</summary>
    public async Task<long> PendingAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(PendingSql, cancellationToken: ct));
    }

    /// <summary>True when this call queued a retrain. A queue that cannot be reached leaves the claim free for the next label.</summary>
    public async Task<bool> QueueIfDueAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.IncludeFeedback || settings.FeedbackRetrainThreshold == 0)
        {
            return false;
        }

        var pending = await PendingAsync(ct);
        if (pending < settings.FeedbackRetrainThreshold)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var requestId = $"feedback-{RetrainQueue.NewRequestId()}";
        await using var connection = await db.OpenConnectionAsync(ct);
        var claimed = await connection.ExecuteAsync(new CommandDefinition(ClaimSql,
            new { now, requestId, notAfter = now - settings.FeedbackRetrainInterval }, cancellationToken: ct));
        if (claimed != 1)
        {
            return false;
        }

        try
        {
            await queue.EnqueueAsync(new RetrainRequest { RequestId = requestId }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Retrain for {Pending} corrections could not be queued; the next correction tries again", pending);
            await connection.ExecuteAsync(new CommandDefinition(ReleaseSql, new { requestId }, cancellationToken: CancellationToken.None));
            return false;
        }

        log.LogInformation("Queued retrain {RequestId}: {Pending} corrections since the active model was trained", requestId, pending);
        return true;
    }
}
