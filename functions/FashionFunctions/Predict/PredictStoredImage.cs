using FashionFunctions.Core.Predict;

namespace FashionFunctions.Predict;

public sealed class PredictStoredImage(PredictionService predictions)
{
    [Function(nameof(PredictStoredImage))]
    [EndpointSummary("Predicts a stored image with the active model, or a chosen version, and records its true label")]
    public async Task<Results<Ok<PredictionResult>, NotFoundProblem, ConflictProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "images/{use}/{idx}/predict")] HttpRequest request,
        [AsParameters] PredictStoredRequest image, CancellationToken ct)
    {
        var outcome = await predictions.PredictStoredAsync(image.Key, image.Model, ct);
        return outcome.Outcome switch
        {
            PredictOutcome.Predicted => TypedResults.Ok(outcome.Result!),
            PredictOutcome.UnusableModel => new ConflictProblem(outcome.Detail),
            _ => new NotFoundProblem(outcome.Detail),
        };
    }
}
