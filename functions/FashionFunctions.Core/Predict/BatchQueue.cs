using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Core.Predict;

/// <summary>
/// Puts a new batch's chunk messages on the score queue. Sent by the function itself, not by an output binding after
/// it returns, so a queue that cannot be reached is known while the request is still open: the batch is marked failed
/// with the reason, and the caller gets the error (a 503) instead of a batch that waits for chunks that never come.
/// </summary>
public sealed class BatchQueue(QueueServiceClient queues, BatchScorer scorer, IOptions<PredictOptions> options)
{
    public QueueClient Client => queues.GetQueueClient(options.Value.ScoreQueue);

    /// <summary>Null when the model version does not exist or was never verified.</summary>
    public async Task<ScoreBatch?> QueueAsync(ImageUse use, long? modelVersion, CancellationToken ct)
    {
        if (await scorer.StartAsync(use, modelVersion, ct) is not { } batch)
        {
            return null;
        }

        var sent = 0;
        try
        {
            await Client.CreateIfNotExistsAsync(cancellationToken: ct);
            foreach (var message in ScoreQueue.ChunkMessages(batch))
            {
                await Client.SendMessageAsync(message, ct);
                sent++;
            }
        }
        catch (Exception e)
        {
            await scorer.FailAsync(batch.BatchId, $"Only {sent} of {batch.Chunks} chunk messages could be queued: {e.Message}", CancellationToken.None);
            throw;
        }

        return batch;
    }
}
