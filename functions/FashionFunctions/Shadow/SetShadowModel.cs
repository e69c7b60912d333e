using FashionFunctions.Core.Shadow;
using FashionFunctions.Core.Training;
using FashionFunctions.Training;

namespace FashionFunctions.Shadow;

public sealed class SetShadowModel(ShadowModels shadows, ModelRegistry registry)
{
    [Function(nameof(SetShadowModel))]
    [EndpointSummary("Makes a trained candidate the shadow model: live predictions are also scored by it, and never answered with it")]
    public async Task<Results<Ok<ModelVersion>, NotFoundProblem, ConflictProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "models/{version}/shadow")] HttpRequest request,
        [AsParameters] ModelVersionRequest model, CancellationToken ct) =>
        await shadows.SetAsync(model.Version, ct) switch
        {
            ShadowChange.Changed => TypedResults.Ok((await registry.GetAsync(model.Version, ct))!),
            ShadowChange.NotFound => new NotFoundProblem($"No model version {model.Version}."),
            _ => new ConflictProblem($"Model version {model.Version} is not a trained candidate; only a candidate or retired model can be the shadow."),
        };
}
