namespace FashionFunctions.Predict;

/// <summary>
/// Starts a batch: records it, answers 202 with where to follow it, and puts one message per chunk on the score queue
/// (the [QueueOutput] of the result), so that every instance of the app scores chunks in parallel.
/// </summary>
public sealed class RequestBatchScoring(BatchScorer scorer)
{
    [Function(nameof(RequestBatchScoring))]
    [EndpointSummary("Scores every image of one use with one model, in chunks any instance may take; poll the Location")]
    public async Task<BatchScoringResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "predictions/batch")] HttpRequest request,
        [AsParameters] BatchScoringRequest input, CancellationToken ct)
    {
        ImageUses.TryParse(input.Body!.Use, out var use);
        if (await scorer.StartAsync(use, input.Body.ModelVersion, ct) is not { } batch)
        {
            return new(new NotFoundProblem($"No verified model version {input.Body.ModelVersion}."));
        }

        var location = $"{request.PathBase}{request.Path.Value!.TrimEnd('/')}/{batch.BatchId}";
        var accepted = new BatchAccepted(batch.BatchId, use, batch.ModelVersion, batch.Images, batch.Chunks, "queued", location);
        return new(TypedResults.Accepted(location, accepted)) { Chunks = ScoreQueue.ChunkMessages(batch) };
    }
}

/// <summary>The HTTP answer, and the chunk messages the host puts on the score queue after the function returns.</summary>
public sealed class BatchScoringResult(Results<Accepted<BatchAccepted>, NotFoundProblem> response)
{
    [HttpResult]
    public Results<Accepted<BatchAccepted>, NotFoundProblem> Response { get; } = response;

    [QueueOutput("%Predict:ScoreQueue%")]
    public string[] Chunks { get; init; } = [];
}
