using FashionFunctions.Core.Data;
using FashionFunctions.Core.Training;

namespace FashionFunctions.Training;

public sealed class ActivateModel(ModelRegistry registry)
{
    [Function(nameof(ActivateModel))]
    [EndpointSummary("Makes a verified model the active one: a manual promotion or a rollback")]
    public async Task<Results<Ok<ModelVersion>, NotFoundProblem, ConflictProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "models/{version}/activate")] HttpRequest request,
        [AsParameters] ModelVersionRequest model, CancellationToken ct)
    {
        if (await registry.GetAsync(model.Version, ct) is not { } found)
        {
            return new NotFoundProblem($"No model version {model.Version}.");
        }

        return await registry.ActivateAsync(model.Version, ct)
            ? TypedResults.Ok((await registry.GetAsync(model.Version, ct))!)
            : new ConflictProblem($"Model version {model.Version} is {SqlEnum.Name(found.Status)}; only a verified model can be active.");
    }
}
