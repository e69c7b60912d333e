using FashionFunctions.Core.Predict;

namespace FashionFunctions.Predict;

public sealed class GetPredictionSummary(PredictionQueries queries)
{
    [Function(nameof(GetPredictionSummary))]
    [EndpointSummary("By SQL over the predictions of one use: accuracy overall and per class, the most confused pairs, misclassified images")]
    public async Task<Results<Ok<PredictionSummaryView>, NotFoundProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "predictions/summary")] HttpRequest request,
        [AsParameters] SummaryRequest query, CancellationToken ct) =>
        await queries.SummaryAsync(query.Model, query.Use, ct) is { } summary
            ? TypedResults.Ok(PredictionSummaryView.From(summary, request))
            : new NotFoundProblem("There are no predictions yet.");
}
