using Microsoft.Extensions.Logging;

namespace FashionFunctions.Predict;

/// <summary>Scores a whole use from a queue message; a malformed one is logged and rethrown, ending in score-requests-poison.</summary>
public sealed class ScoreFromQueue(BatchScorer scorer, ILogger<ScoreFromQueue> log)
{
    [Function(nameof(ScoreFromQueue))]
    public async Task Run([QueueTrigger("%Predict:ScoreQueue%")] string message, CancellationToken ct)
    {
        if (!ScoreQueue.TryParse(message, out var use, out var modelVersion, out var error))
        {
            log.LogError("Rejected score message: {Reason}", error);
            throw new Training.MalformedMessageException(error);
        }

        await scorer.ScoreAsync(use, modelVersion, ct);
    }
}
