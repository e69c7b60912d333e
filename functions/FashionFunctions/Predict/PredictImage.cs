using FashionFunctions.OpenApi;

namespace FashionFunctions.Predict;

public sealed class PredictImage(PredictionInputReader reader, PredictionService predictions)
{
    [Function(nameof(PredictImage))]
    [EndpointSummary("Predicts one uploaded image: raw image bytes, a multipart field 'image', or JSON pixels/vector")]
    [AcceptsBody("image/*")]
    [AcceptsBody("application/octet-stream")]
    [AcceptsBody("multipart/form-data", FileField = "image")]
    [AcceptsBody("application/json", typeof(PixelInputDescription))]
    public async Task<Results<Ok<PredictionResult>, BadRequestProblem, PayloadTooLargeProblem, UnsupportedMediaTypeProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "predict")] HttpRequest request,
        [AsParameters] PredictUploadRequest query, CancellationToken ct)
    {
        var read = await reader.ReadAsync(request, query.Invert, ct);
        return read.Input is { } input ? TypedResults.Ok(await predictions.PredictUploadAsync(input.Pixels, input.Raw, ct)) : read.Problem!;
    }
}
