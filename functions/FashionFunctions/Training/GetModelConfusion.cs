namespace FashionFunctions.Training;

public sealed class GetModelConfusion(ModelRegistry registry)
{
    [Function(nameof(GetModelConfusion))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{version}/confusion")] HttpRequest request,
        string version, CancellationToken ct)
    {
        var format = request.Query["format"].ToString().ToLowerInvariant();
        if (format is not ("" or "json" or "png"))
        {
            return Problems.BadRequest($"Unknown format {InputEcho.Quote(request.Query["format"])}: expected json or png.");
        }

        if (!ModelView.TryParseVersion(version, out var parsed, out var error))
        {
            return Problems.BadRequest(error);
        }

        var model = await registry.GetAsync(parsed, ct);
        if (model?.ConfusionMatrix is null)
        {
            return Problems.NotFound($"Model version {parsed} has no confusion matrix.");
        }

        var matrix = ModelView.From(model).ConfusionMatrix!;
        return format == "png"
            ? new FileContentResult(ConfusionHeatmap.Png(matrix, $"Model v{parsed}: confusion matrix (Testing)"), "image/png")
            : new OkObjectResult(new { version = parsed, classes = FashionClasses.Names, matrix });
    }
}
