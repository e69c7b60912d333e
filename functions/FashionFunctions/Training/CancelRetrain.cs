using FashionFunctions.Core.Data;
using FashionFunctions.Core.Training;

namespace FashionFunctions.Training;

public sealed class CancelRetrain(RetrainRequests requests)
{
    [Function(nameof(CancelRetrain))]
    [EndpointSummary("Cancels a retrain request that no worker has picked up yet")]
    public async Task<Results<Ok<RetrainRequestView>, NotFoundProblem, ConflictProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "models/retrain/{requestId}/cancel")] HttpRequest request,
        [AsParameters] RetrainStatusRequest retrain, CancellationToken ct)
    {
        var cancelled = await requests.CancelAsync(retrain.RequestId, ct);
        return await requests.GetAsync(retrain.RequestId, ct) switch
        {
            null => new NotFoundProblem($"No retrain request {InputEcho.Quote(retrain.RequestId)}."),
            { } view when cancelled => TypedResults.Ok(view),
            { } view => new ConflictProblem($"Retrain request {InputEcho.Quote(retrain.RequestId)} is {SqlEnum.Name(view.Status)}; only a queued request can be cancelled."),
        };
    }
}
