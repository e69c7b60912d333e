using FashionFunctions.Core.Predict;
using FashionFunctions.OpenApi;

namespace FashionFunctions.Predict;

public sealed class PredictImage(PredictionInputReader reader, PredictionService predictions)
{
    [Function(nameof(PredictImage))]
    [EndpointSummary("Predicts one uploaded image (raw image bytes, a multipart field 'image', or JSON pixels/vector) with the active model or a chosen version")]
    [AcceptsBody("image/*")]
    [AcceptsBody("application/octet-stream")]
    [AcceptsBody("multipart/form-data", FileField = "image")]
    [AcceptsBody("application/json", typeof(PixelInputDescription))]
    public async Task<Results<Ok<PredictionResult>, BadRequestProblem, PayloadTooLargeProblem, UnsupportedMediaTypeProblem, NotFoundProblem, ConflictProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "predict")] HttpRequest request,
        [AsParameters] PredictUploadRequest query, CancellationToken ct)
    {
        var read = await reader.ReadAsync(request, query.Invert, ct);
        if (read.Input is not { } input)
        {
            return read.Problem!;
        }

        var outcome = await predictions.PredictUploadAsync(input.Pixels, input.Raw, query.Model, ct);
        return outcome.Outcome switch
        {
            PredictOutcome.Predicted => TypedResults.Ok(outcome.Result!),
            PredictOutcome.UnusableModel => new ConflictProblem(outcome.Detail),
            _ => new NotFoundProblem(outcome.Detail),
        };
    }
}
