namespace FashionFunctions.Predict;

/// <summary>
/// Starts a batch: records it, answers 202 with where to follow it, and puts one message per chunk on the score queue
/// (the [QueueOutput] of the result), so that every instance of the app scores chunks in parallel.
/// </summary>
public sealed class RequestBatchScoring(BatchScorer scorer)
{
    [Function(nameof(RequestBatchScoring))]
    public async Task<BatchScoringResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "predictions/batch")] HttpRequest request, CancellationToken ct)
    {
        var body = await request.ReadBodyAsync(maxBytes: 4096, ct);
        if (body is null)
        {
            return new(Problems.Create(StatusCodes.Status413PayloadTooLarge, "Payload too large", "A batch request is at most 4 KiB of JSON."));
        }

        if (!ScoreQueue.TryParse(body, out var use, out var modelVersion, out var error))
        {
            return new(Problems.BadRequest(error));
        }

        if (await scorer.StartAsync(use, modelVersion, ct) is not { } batch)
        {
            return new(Problems.NotFound($"No verified model version {modelVersion}."));
        }

        var location = $"{request.PathBase}{request.Path.Value!.TrimEnd('/')}/{batch.BatchId}";
        var accepted = new { batchId = batch.BatchId, use = use.ToString(), modelVersion = batch.ModelVersion, images = batch.Images, chunks = batch.Chunks, status = "queued", location };
        return new(new AcceptedResult(location, accepted)) { Chunks = ScoreQueue.ChunkMessages(batch) };
    }
}

/// <summary>The HTTP answer, and the chunk messages the host puts on the score queue after the function returns.</summary>
public sealed class BatchScoringResult(IActionResult response)
{
    [HttpResult]
    public IActionResult Response { get; } = response;

    [QueueOutput("%Predict:ScoreQueue%")]
    public string[] Chunks { get; init; } = [];
}
