using FashionFunctions.Core.Training;

namespace FashionFunctions.Training;

public sealed class GetModel(ModelRegistry registry)
{
    [Function(nameof(GetModel))]
    [EndpointSummary("One registry version: its trainer, settings, figures and status")]
    public async Task<Results<Ok<ModelVersion>, NotFoundProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{version}")] HttpRequest request,
        [AsParameters] ModelVersionRequest model, CancellationToken ct) =>
        await registry.GetAsync(model.Version, ct) is { } found ? TypedResults.Ok(found) : new NotFoundProblem($"No model version {model.Version}.");
}
