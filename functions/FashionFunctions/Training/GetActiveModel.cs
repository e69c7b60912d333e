using FashionFunctions.Core.Training;

namespace FashionFunctions.Training;

public sealed class GetActiveModel(ModelRegistry registry)
{
    [Function(nameof(GetActiveModel))]
    [EndpointSummary("The model that serves predictions")]
    public async Task<Results<Ok<ModelVersion>, NotFoundProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/active")] HttpRequest request, CancellationToken ct) =>
        await registry.GetActiveAsync(ct) is { } model
            ? TypedResults.Ok(model)
            : new NotFoundProblem("No model is active yet: request a retrain (POST /api/models/retrain).");
}
