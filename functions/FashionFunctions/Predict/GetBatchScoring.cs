using FashionFunctions.Core.Predict;

namespace FashionFunctions.Predict;

public sealed class GetBatchScoring(BatchScorer scorer)
{
    [Function(nameof(GetBatchScoring))]
    [EndpointSummary("A batch's progress: chunks done of total, rows stored, accuracy so far")]
    public async Task<Results<Ok<BatchStatus>, NotFoundProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "predictions/batch/{batchId}")] HttpRequest request,
        [AsParameters] BatchStatusRequest batch, CancellationToken ct) =>
        await scorer.GetAsync(batch.BatchId, ct) is { } status ? TypedResults.Ok(status) : new NotFoundProblem($"No batch {batch.BatchId}.");
}
