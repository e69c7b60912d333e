using FashionFunctions.Core.Training;

namespace FashionFunctions.Training;

public sealed class RequestRetrain(RetrainQueue queue)
{
    [Function(nameof(RequestRetrain))]
    [EndpointSummary("Queues a retraining run; poll the Location for its outcome. A repeated requestId with the same body replays the first answer")]
    public async Task<Results<Accepted<RetrainAccepted>, InvalidRequestProblem, ConflictProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "models/retrain")] HttpRequest request,
        [AsParameters] RetrainHttpRequest retrain, CancellationToken ct)
    {
        var admitted = await queue.EnqueueAsync(retrain.Body ?? new RetrainRequest(), ct);
        var location = $"{request.PathBase}{request.Path.Value!.TrimEnd('/')}/{admitted.RequestId}";
        return admitted.Admission switch
        {
            RetrainAdmission.CallbackRefused => ApiProblems.Validation(new Dictionary<string, string[]> { ["callbackUrl"] = [admitted.Reason!] }),
            RetrainAdmission.Conflict => new ConflictProblem(admitted.Reason!),
            _ => TypedResults.Accepted(location, new RetrainAccepted(admitted.RequestId, admitted.Status, location)),
        };
    }
}
