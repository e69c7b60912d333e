namespace FashionFunctions.Training;

public sealed class ActivateModel(ModelRegistry registry)
{
    /// <summary>Manual promotion or rollback to any verified model.</summary>
    [Function(nameof(ActivateModel))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "models/{version}/activate")] HttpRequest request,
        string version, CancellationToken ct)
    {
        if (!ModelView.TryParseVersion(version, out var parsed, out var error))
        {
            return Problems.BadRequest(error);
        }

        if (await registry.GetAsync(parsed, ct) is not { } model)
        {
            return Problems.NotFound($"No model version {parsed}.");
        }

        return await registry.ActivateAsync(parsed, ct)
            ? new OkObjectResult(ModelView.From((await registry.GetAsync(parsed, ct))!))
            : Problems.Create(StatusCodes.Status409Conflict, "Conflict", $"Model version {parsed} is {model.Status}; only a verified model can be active.");
    }
}
