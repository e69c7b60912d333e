using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Training;

/// <summary>Puts retrain requests on the queue the RetrainFromQueue function listens to.</summary>
public sealed class RetrainQueue(QueueServiceClient queues, ModelRegistry registry, IOptions<TrainingOptions> options)
{
    public QueueClient Client => queues.GetQueueClient(options.Value.RetrainQueue);

    /// <summary>Records the request as queued, then enqueues it; returns the request id to poll.</summary>
    public async Task<string> EnqueueAsync(RetrainRequest request, CancellationToken ct)
    {
        var withId = request with { RequestId = request.RequestId ?? NewRequestId() };
        var json = JsonSerializer.Serialize(withId, RetrainRequest.JsonOptions);
        await registry.RecordRequestAsync(withId.RequestId, "http", json, ct);
        await Client.CreateIfNotExistsAsync(cancellationToken: ct);
        await Client.SendMessageAsync(json, ct);
        return withId.RequestId;
    }

    public static string NewRequestId() => Guid.NewGuid().ToString("N");
}
