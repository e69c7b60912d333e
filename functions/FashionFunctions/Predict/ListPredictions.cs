using FashionFunctions.Predict;

namespace FashionFunctions.Predict;

public sealed class ListPredictions(PredictionQueries queries)
{
    [Function(nameof(ListPredictions))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "predictions")] HttpRequest request, CancellationToken ct)
    {
        string? model = request.Query["model"], label = request.Query["label"], correct = request.Query["correct"];
        if (!PredictionQuery.TryGetModel(model, out var modelVersion, out var error) ||
            !request.TryGetInt("limit", PredictionFilter.DefaultLimit, 1, PredictionFilter.MaxLimit, out var limit, out error) ||
            !request.TryGetInt("offset", 0, 0, PredictionFilter.MaxOffset, out var offset, out error))
        {
            return Problems.BadRequest(error);
        }

        var parsedLabel = -1;
        if (!string.IsNullOrEmpty(label) && !FashionClasses.TryParse(label, out parsedLabel))
        {
            return Problems.BadRequest($"Unknown label '{label}': expected 0..9 or a class name such as 'Ankle boot'.");
        }

        bool parsedCorrect = false;
        if (!string.IsNullOrEmpty(correct) && !bool.TryParse(correct, out parsedCorrect))
        {
            return Problems.BadRequest($"Query parameter 'correct' must be true or false; got '{correct}'.");
        }

        var filter = new PredictionFilter(modelVersion, parsedLabel < 0 ? null : parsedLabel, string.IsNullOrEmpty(correct) ? null : parsedCorrect, limit, offset);
        var (total, items) = await queries.ListAsync(filter, ct);
        return new OkObjectResult(new { Total = total, filter.Limit, filter.Offset, Items = items });
    }
}
