using FashionFunctions.Core.Feedback;

namespace FashionFunctions.Feedback;

public sealed class LabelPrediction(FeedbackLabels labels)
{
    [Function(nameof(LabelPrediction))]
    [EndpointSummary("Records the true class of an uploaded image after its prediction: it becomes a Feedback image")]
    public async Task<Results<Ok<PredictionLabel>, NotFoundProblem, ConflictProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "predictions/{id}/label")] HttpRequest request,
        [AsParameters] LabelPredictionRequest label, CancellationToken ct)
    {
        var result = await labels.LabelAsync(label.Id, label.Body!.Label!.Value, ct);
        return result.Outcome switch
        {
            LabelOutcome.Labelled or LabelOutcome.Replayed => TypedResults.Ok(result.Label!),
            LabelOutcome.NotFound => new NotFoundProblem(result.Detail),
            _ => new ConflictProblem(result.Detail),
        };
    }
}
