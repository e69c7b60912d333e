namespace FashionFunctions.Training;

public sealed class RequestRetrain(RetrainQueue queue)
{
    [Function(nameof(RequestRetrain))]
    [EndpointSummary("Queues a retraining run; poll the Location for its outcome")]
    public async Task<Accepted<RetrainAccepted>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "models/retrain")] HttpRequest request,
        [AsParameters] RetrainHttpRequest retrain, CancellationToken ct)
    {
        var requestId = await queue.EnqueueAsync(retrain.Body ?? new RetrainRequest(), ct);
        var location = $"{request.PathBase}{request.Path.Value!.TrimEnd('/')}/{requestId}";
        return TypedResults.Accepted(location, new RetrainAccepted(requestId, "queued", location));
    }
}
