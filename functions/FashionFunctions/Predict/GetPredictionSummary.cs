using FashionFunctions.Predict;

namespace FashionFunctions.Predict;

public sealed class GetPredictionSummary(PredictionQueries queries)
{
    private const int ConfusedPairs = 10;

    [Function(nameof(GetPredictionSummary))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "predictions/summary")] HttpRequest request, CancellationToken ct)
    {
        string? source = request.Query["source"];
        if (!PredictionQuery.TryGetModel(request.Query["model"], out var model, out var error))
        {
            return Problems.BadRequest(error);
        }

        if (!string.IsNullOrEmpty(source) && source is not ("upload" or "stored" or "batch"))
        {
            return Problems.BadRequest($"Unknown source '{source}': expected upload, stored or batch.");
        }

        var summary = await queries.SummaryAsync(model, string.IsNullOrEmpty(source) ? null : source, ConfusedPairs, ct);
        var api = $"{request.PathBase}{request.Path.Value?[..request.Path.Value.IndexOf("/predictions", StringComparison.OrdinalIgnoreCase)]}";
        return new OkObjectResult(new
        {
            summary.ModelVersion,
            summary.Total,
            summary.Correct,
            summary.Accuracy,
            Classes = summary.Classes.Select(c => new { c.Label, ClassName = FashionClasses.Names[c.Label], c.Total, c.Correct, c.Accuracy }),
            MostConfused = summary.MostConfused.Select(p => new
            {
                p.Actual,
                ActualClass = FashionClasses.Names[p.Actual],
                p.Predicted,
                PredictedClass = FashionClasses.Names[p.Predicted],
                p.Count,
                Misclassified = (p.Examples ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .Select(e => e.Split(':'))
                    .Select(e => $"{api}/images/{(ImageUse)byte.Parse(e[0], System.Globalization.CultureInfo.InvariantCulture)}/{e[1]}/png"),
            }),
        });
    }
}

internal static class PredictionQuery
{
    public static bool TryGetModel(string? text, out long? model, out string error)
    {
        model = null;
        error = "";
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            error = $"Query parameter 'model' must be a model version (a positive whole number); got '{text}'.";
            return false;
        }

        model = value;
        return true;
    }
}
