using FashionFunctions.Core.Training;

namespace FashionFunctions.Training;

public sealed class ListModels(ModelRegistry registry)
{
    [Function(nameof(ListModels))]
    [EndpointSummary("The model registry, newest first")]
    public async Task<Ok<IReadOnlyList<ModelVersion>>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models")] HttpRequest request,
        [AsParameters] ListModelsRequest query, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<ModelVersion>>([.. (await registry.ListAsync(query.Limit, ct))]);
}
