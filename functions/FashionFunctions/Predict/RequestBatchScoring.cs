namespace FashionFunctions.Predict;

public sealed class RequestBatchScoring(ScoreQueue queue)
{
    [Function(nameof(RequestBatchScoring))]
    [EndpointSummary("Queues scoring of every image of one use with one model")]
    public async Task<Accepted<BatchAccepted>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "predictions/batch")] HttpRequest request,
        [AsParameters] BatchScoringRequest batch, CancellationToken ct)
    {
        ImageUses.TryParse(batch.Body!.Use, out var use);
        await queue.EnqueueAsync(use, batch.Body.ModelVersion, ct);
        return TypedResults.Accepted((string?)null, new BatchAccepted(use, batch.Body.ModelVersion, "queued"));
    }
}
