using FashionFunctions.Core.Training;
using Microsoft.Extensions.Logging;

namespace FashionFunctions.Training;

/// <summary>
/// Retrain requests from the queue. A malformed message is logged with its reason and rethrown, so the host retries it
/// (host.json maxDequeueCount) and then moves it to retrain-requests-poison; the worker itself never goes down.
/// </summary>
public sealed class RetrainFromQueue(RetrainService retrains, ILogger<RetrainFromQueue> log)
{
    [Function(nameof(RetrainFromQueue))]
    public async Task Run([QueueTrigger("%Training:RetrainQueue%")] string message, CancellationToken ct)
    {
        if (!RetrainRequest.TryParse(message, out var request, out var error))
        {
            log.LogError("Rejected retrain message: {Reason}", error);
            throw new MalformedMessageException(error);
        }

        await retrains.RunAsync(request, "queue", ct);
    }
}

public sealed class MalformedMessageException(string message) : Exception(message);
