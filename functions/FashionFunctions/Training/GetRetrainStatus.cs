namespace FashionFunctions.Training;

public sealed class GetRetrainStatus(ModelRegistry registry)
{
    [Function(nameof(GetRetrainStatus))]
    [EndpointSummary("What became of a retrain request")]
    public async Task<Results<Ok<RetrainRequestRow>, NotFoundProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/retrain/{requestId}")] HttpRequest request,
        [AsParameters] RetrainStatusRequest retrain, CancellationToken ct) =>
        await registry.GetRequestAsync(retrain.RequestId, ct) is { } row ? TypedResults.Ok(row) : new NotFoundProblem($"No retrain request {InputEcho.Quote(retrain.RequestId)}.");
}
