using FashionFunctions.Core.Predict;

namespace FashionFunctions.Predict;

/// <summary>Starts a batch: records it and puts one message per chunk on the score queue, so every instance scores chunks in parallel.</summary>
public sealed class RequestBatchScoring(BatchQueue batches)
{
    [Function(nameof(RequestBatchScoring))]
    [EndpointSummary("Scores every image of one use with one model, in chunks any instance may take; poll the Location")]
    public async Task<Results<Accepted<BatchAccepted>, NotFoundProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "predictions/batch")] HttpRequest request,
        [AsParameters] BatchScoringRequest input, CancellationToken ct)
    {
        ImageUses.TryParse(input.Body!.Use, out var use);
        if (await batches.QueueAsync(use, input.Body.ModelVersion, ct) is not { } batch)
        {
            return new NotFoundProblem($"No verified model version {input.Body.ModelVersion}.");
        }

        var location = $"{request.PathBase}{request.Path.Value!.TrimEnd('/')}/{batch.BatchId}";
        return TypedResults.Accepted(location, new BatchAccepted(batch.BatchId, use, batch.ModelVersion, batch.Images, batch.Chunks, BatchState.Queued, location));
    }
}
