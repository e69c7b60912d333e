namespace FashionFunctions.Predict;

public sealed class ListPredictions(PredictionQueries queries)
{
    [Function(nameof(ListPredictions))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "predictions")] HttpRequest request, CancellationToken ct)
    {
        string? model = request.Query["model"], label = request.Query["label"], correct = request.Query["correct"];
        long parsedModel = 0;
        if (!string.IsNullOrEmpty(model) && !Training.ModelView.TryParseVersion(model, out parsedModel, out var modelError))
        {
            return Problems.BadRequest(modelError);
        }

        var parsedLabel = -1;
        if (!string.IsNullOrEmpty(label) && !FashionClasses.TryParse(label, out parsedLabel))
        {
            return Problems.BadRequest($"Unknown label {InputEcho.Quote(label)}: expected 0..9 or a class name.");
        }

        var parsedCorrect = false;
        if (!string.IsNullOrEmpty(correct) && !bool.TryParse(correct, out parsedCorrect))
        {
            return Problems.BadRequest("Query parameter 'correct' must be true or false.");
        }

        if (!request.TryGetInt("limit", 50, 1, PredictionFilter.MaxLimit, out var limit, out var error) ||
            !request.TryGetInt("offset", 0, 0, PredictionFilter.MaxOffset, out var offset, out error))
        {
            return Problems.BadRequest(error);
        }

        var filter = new PredictionFilter(string.IsNullOrEmpty(model) ? null : parsedModel, parsedLabel < 0 ? null : parsedLabel,
            string.IsNullOrEmpty(correct) ? null : parsedCorrect, limit, offset);
        return new OkObjectResult(await queries.ListAsync(filter, ct));
    }
}
