using FashionFunctions.Core.Predict;
using Microsoft.Extensions.Logging;

namespace FashionFunctions.Predict;

/// <summary>
/// Scores one chunk of a batch. A chunk already scored adds nothing, so a redelivered message is harmless; a malformed
/// one is logged and rethrown, ending in score-requests-poison.
/// </summary>
public sealed class ScoreFromQueue(BatchScorer scorer, ILogger<ScoreFromQueue> log)
{
    [Function(nameof(ScoreFromQueue))]
    public async Task Run([QueueTrigger("%Predict:ScoreQueue%")] string message, CancellationToken ct)
    {
        if (!ScoreQueue.TryParseChunk(message, out var chunk, out var error))
        {
            log.LogError("Rejected score message: {Reason}", error);
            throw new Training.MalformedMessageException(error);
        }

        await scorer.ScoreChunkAsync(chunk.BatchId, chunk.Chunk, ct);
    }
}
