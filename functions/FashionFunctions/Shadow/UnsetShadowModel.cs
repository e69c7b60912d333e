using FashionFunctions.Core.Shadow;
using FashionFunctions.Core.Training;
using FashionFunctions.Training;

namespace FashionFunctions.Shadow;

public sealed class UnsetShadowModel(ShadowModels shadows, ModelRegistry registry)
{
    [Function(nameof(UnsetShadowModel))]
    [EndpointSummary("Stops a shadow model: it becomes a candidate again, and its rows stay")]
    public async Task<Results<Ok<ModelVersion>, NotFoundProblem, ConflictProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "models/{version}/shadow")] HttpRequest request,
        [AsParameters] ModelVersionRequest model, CancellationToken ct) =>
        await shadows.UnsetAsync(model.Version, ct) switch
        {
            ShadowChange.Changed => TypedResults.Ok((await registry.GetAsync(model.Version, ct))!),
            ShadowChange.NotFound => new NotFoundProblem($"No model version {model.Version}."),
            _ => new ConflictProblem($"Model version {model.Version} is not a shadow model."),
        };
}
