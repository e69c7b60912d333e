using FashionFunctions.Core.Training;

namespace FashionFunctions.Training;

public sealed class GetRetrainStatus(RetrainRequests requests)
{
    [Function(nameof(GetRetrainStatus))]
    [EndpointSummary("What became of a retrain request: its status, how long it waited, its model")]
    public async Task<Results<Ok<RetrainRequestView>, NotFoundProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/retrain/{requestId}")] HttpRequest request,
        [AsParameters] RetrainStatusRequest retrain, CancellationToken ct) =>
        await requests.GetAsync(retrain.RequestId, ct) is { } view ? TypedResults.Ok(view) : new NotFoundProblem($"No retrain request {InputEcho.Quote(retrain.RequestId)}.");
}
