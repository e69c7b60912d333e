using FashionFunctions.Core.Training;

namespace FashionFunctions.Training;

public sealed class GetModelConfusion(ModelRegistry registry)
{
    [Function(nameof(GetModelConfusion))]
    [EndpointSummary("A model's 10x10 confusion matrix on the Testing images, as JSON or a heatmap")]
    public async Task<Results<Ok<ConfusionView>, PngFile, NotFoundProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{version}/confusion")] HttpRequest request,
        [AsParameters] ConfusionRequest query, CancellationToken ct)
    {
        if (await registry.GetAsync(query.Version, ct) is not { ConfusionMatrix: not null } model)
        {
            return new NotFoundProblem($"Model version {query.Version} has no confusion matrix.");
        }

        var matrix = model.ConfusionMatrix!;
        return query.Format == ConfusionFormat.Png
            ? new PngFile(ConfusionHeatmap.Png(matrix, $"Model v{query.Version}: confusion matrix (Testing)"))
            : TypedResults.Ok(new ConfusionView(query.Version, FashionClasses.Names, matrix));
    }
}
