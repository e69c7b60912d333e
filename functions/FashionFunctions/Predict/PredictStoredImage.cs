namespace FashionFunctions.Predict;

public sealed class PredictStoredImage(PredictionService predictions)
{
    [Function(nameof(PredictStoredImage))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "images/{use}/{idx}/predict")] HttpRequest request,
        string use, string idx, CancellationToken ct)
    {
        if (!ImageKey.TryParse(use, idx, out var key, out var error))
        {
            return Problems.BadRequest(error);
        }

        return await predictions.PredictStoredAsync(key, ct) is { } result
            ? new OkObjectResult(result)
            : Problems.NotFound($"No image {key}.");
    }
}
