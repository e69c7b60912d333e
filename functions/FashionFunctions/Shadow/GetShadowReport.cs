using FashionFunctions.Core.Shadow;
using FashionFunctions.Core.Training;
using FashionFunctions.Training;

namespace FashionFunctions.Shadow;

public sealed class GetShadowReport(ShadowModels shadows)
{
    [Function(nameof(GetShadowReport))]
    [EndpointSummary("A shadow model's evidence: agreement with the model that answered, and both accuracies on labelled rows")]
    public async Task<Results<Ok<ShadowReport>, NotFoundProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{version}/shadow")] HttpRequest request,
        [AsParameters] ModelVersionRequest model, CancellationToken ct) =>
        await shadows.ReportAsync(model.Version, ct) is { } report ? TypedResults.Ok(report) : new NotFoundProblem($"No model version {model.Version}.");
}
