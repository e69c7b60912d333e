namespace FashionFunctions.Predict;

public sealed class RequestBatchScoring(ScoreQueue queue)
{
    [Function(nameof(RequestBatchScoring))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "predictions/batch")] HttpRequest request, CancellationToken ct)
    {
        var body = await request.ReadBodyAsync(maxBytes: 4096, ct);
        if (body is null)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Payload too large", "A batch request is at most 4 KiB of JSON.");
        }

        if (!ScoreQueue.TryParse(body, out var use, out var modelVersion, out var error))
        {
            return Problems.BadRequest(error);
        }

        await queue.EnqueueAsync(use, modelVersion, ct);
        return new AcceptedResult((string?)null, new { use = use.ToString(), modelVersion, status = "queued" });
    }
}
