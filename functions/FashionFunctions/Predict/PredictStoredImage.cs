namespace FashionFunctions.Predict;

public sealed class PredictStoredImage(PredictionService predictions)
{
    [Function(nameof(PredictStoredImage))]
    [EndpointSummary("Predicts a stored image with the active model and records its true label")]
    public async Task<Results<Ok<PredictionResult>, NotFoundProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "images/{use}/{idx}/predict")] HttpRequest request,
        [AsParameters] Explore.ImageRequest image, CancellationToken ct) =>
        await predictions.PredictStoredAsync(image.Key, ct) is { } result ? TypedResults.Ok(result) : new NotFoundProblem($"No image {image.Key}.");
}
