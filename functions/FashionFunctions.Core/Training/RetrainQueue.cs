using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Training;

/// <summary>Puts retrain requests on the queue the RetrainFromQueue function listens to.</summary>
public sealed class RetrainQueue(QueueServiceClient queues, ModelRegistry registry, IOptions<TrainingOptions> options)
{
    public QueueClient Client => queues.GetQueueClient(options.Value.RetrainQueue);

    /// <summary>
    /// Enqueues the request, then records it as queued; returns the request id to poll. In this order a request is never
    /// left queued without a message behind it: an enqueue that fails records nothing (the caller gets the error), and a
    /// run that starts before the record is written records the request itself.
    /// </summary>
    public async Task<string> EnqueueAsync(RetrainRequest request, CancellationToken ct)
    {
        var withId = request with { RequestId = request.RequestId ?? NewRequestId() };
        var json = JsonSerializer.Serialize(withId, RetrainRequest.JsonOptions);
        await Client.CreateIfNotExistsAsync(cancellationToken: ct);
        await Client.SendMessageAsync(json, ct);
        await registry.RecordRequestAsync(withId.RequestId, "http", json, ct);
        return withId.RequestId;
    }

    public static string NewRequestId() => Guid.NewGuid().ToString("N");
}
