using FashionFunctions.Core.Predict;

namespace FashionFunctions.Predict;

public sealed class ListPredictions(PredictionQueries queries)
{
    [Function(nameof(ListPredictions))]
    [EndpointSummary("Stored predictions, newest first")]
    public async Task<Ok<IReadOnlyList<PredictionRowView>>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "predictions")] HttpRequest request,
        [AsParameters] ListPredictionsRequest query, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(query.Filter, ct));
}
