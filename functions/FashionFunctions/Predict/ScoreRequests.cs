using FashionFunctions.Predict;

namespace FashionFunctions.Predict;

/// <summary>Scores a whole use. A failure is retried by the host (maxDequeueCount), then lands in the -poison queue.</summary>
public sealed class ScoreRequests(BatchScorer scorer)
{
    [Function(nameof(ScoreRequests))]
    public async Task<ScoreSummary> Run([QueueTrigger($"%{ScoreQueue.Setting}%")] ScoreRequest request, CancellationToken ct)
    {
        if (!ImageUses.TryParse(request.Use, out var use))
        {
            throw new ArgumentException($"Unknown use '{request.Use}' in a score request.", nameof(request));
        }

        return await scorer.ScoreAsync(use, request.ModelVersion, ct);
    }
}
