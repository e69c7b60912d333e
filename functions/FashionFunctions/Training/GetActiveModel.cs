namespace FashionFunctions.Training;

public sealed class GetActiveModel(ModelRegistry registry)
{
    [Function(nameof(GetActiveModel))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/active")] HttpRequest request, CancellationToken ct) =>
        await registry.GetActiveAsync(ct) is { } model
            ? new OkObjectResult(ModelView.From(model))
            : Problems.NotFound("No model is active yet: request a retrain (POST /api/models/retrain).");
}
