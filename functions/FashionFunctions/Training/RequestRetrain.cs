namespace FashionFunctions.Training;

public sealed class RequestRetrain(RetrainQueue queue)
{
    [Function(nameof(RequestRetrain))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "models/retrain")] HttpRequest request, CancellationToken ct)
    {
        var body = await request.ReadBodyAsync(maxBytes: 16 * 1024, ct);
        if (body is null)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Payload too large", "A retrain request is at most 16 KiB of JSON.");
        }

        if (!RetrainRequest.TryParse(body, out var retrain, out var error))
        {
            return Problems.BadRequest(error);
        }

        var requestId = await queue.EnqueueAsync(retrain, ct);
        var location = $"{request.PathBase}{request.Path.Value!.TrimEnd('/')}/{requestId}";
        return new AcceptedResult(location, new { requestId, status = "queued", location });
    }
}
