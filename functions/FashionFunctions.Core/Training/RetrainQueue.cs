using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Core.Training;

public enum RetrainAdmission
{
    /// <summary>Queued now.</summary>
    Accepted,

    /// <summary>The same requestId with the same body was accepted before: nothing new is queued.</summary>
    Replayed,

    /// <summary>The requestId was used before with another body.</summary>
    Conflict,

    /// <summary>The callbackUrl may not be called back (see CallbackPolicy).</summary>
    CallbackRefused,
}

/// <summary>How a retrain request was admitted; Status is where the request stands now (a replay reports the first one's).</summary>
public sealed record RetrainAdmitted(string RequestId, RetrainAdmission Admission, string? Reason = null, RetrainRequestStatus Status = RetrainRequestStatus.Queued);

/// <summary>Puts retrain requests on the queue the RetrainFromQueue function listens to.</summary>
public sealed class RetrainQueue(QueueServiceClient queues, RetrainRequests requests, CallbackPolicy callbacks, IOptions<TrainingOptions> options)
{
    public QueueClient Client => queues.GetQueueClient(options.Value.RetrainQueue);

    /// <summary>
    /// Checks the callback, then enqueues the request and records it as queued. In this order a request is never left
    /// queued without a message behind it: an enqueue that fails records nothing (the caller gets the error). A requestId
    /// already recorded is answered from the record: the same body replays the first answer, another is a conflict (and
    /// should two clients race with one id, the run refuses any message whose body is not the recorded one).
    /// </summary>
    public async Task<RetrainAdmitted> EnqueueAsync(RetrainRequest request, CancellationToken ct)
    {
        var withId = request with { RequestId = request.RequestId ?? NewRequestId() };
        var id = withId.RequestId;
        if (withId.CallbackUrl is { } url && await callbacks.CheckAsync(url, ct) is { } refused)
        {
            return new(id, RetrainAdmission.CallbackRefused, refused);
        }

        var (json, sha) = RetrainRequests.Canonical(withId);
        if (request.RequestId is not null && await requests.GetRecordedAsync(id, ct) is { } earlier)
        {
            return earlier.RequestSha256 is null || earlier.RequestSha256 == sha
                ? new(id, RetrainAdmission.Replayed, Status: earlier.Status)
                : new(id, RetrainAdmission.Conflict, $"Retrain request {id} was made before with another body; send a new requestId.");
        }

        await Client.CreateIfNotExistsAsync(cancellationToken: ct);
        await Client.SendMessageAsync(json, ct);
        var recorded = await requests.RecordAsync(id, "http", withId, ct);
        return recorded.RequestSha256 == sha
            ? new(id, RetrainAdmission.Accepted)
            : new(id, RetrainAdmission.Conflict, $"Retrain request {id} was made at the same time with another body; send a new requestId.");
    }

    public static string NewRequestId() => Guid.NewGuid().ToString("N");
}
