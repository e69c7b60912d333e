namespace FashionFunctions.Training;

public sealed class GetModel(ModelRegistry registry)
{
    [Function(nameof(GetModel))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{version}")] HttpRequest request,
        string version, CancellationToken ct)
    {
        if (!ModelView.TryParseVersion(version, out var parsed, out var error))
        {
            return Problems.BadRequest(error);
        }

        return await registry.GetAsync(parsed, ct) is { } model
            ? new OkObjectResult(ModelView.From(model))
            : Problems.NotFound($"No model version {parsed}.");
    }
}
