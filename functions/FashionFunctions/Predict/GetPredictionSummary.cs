namespace FashionFunctions.Predict;

public sealed class GetPredictionSummary(PredictionQueries queries)
{
    [Function(nameof(GetPredictionSummary))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "predictions/summary")] HttpRequest request, CancellationToken ct)
    {
        string? model = request.Query["model"];
        long parsed = 0;
        if (!string.IsNullOrEmpty(model) && !Training.ModelView.TryParseVersion(model, out parsed, out var error))
        {
            return Problems.BadRequest(error);
        }

        string? useText = request.Query["use"];
        var use = ImageUse.Testing;
        if (!string.IsNullOrEmpty(useText) && !ImageUses.TryParse(useText, out use))
        {
            return Problems.BadRequest(ImageUses.Unknown(useText));
        }

        var summary = await queries.SummaryAsync(string.IsNullOrEmpty(model) ? null : parsed, use, ct);
        if (summary is null)
        {
            return Problems.NotFound("There are no predictions yet.");
        }

        var prefix = request.Path.Value![..request.Path.Value!.IndexOf("/predictions", StringComparison.OrdinalIgnoreCase)];
        return new OkObjectResult(new
        {
            summary.ModelVersion, summary.Use, summary.Total, summary.Labelled, summary.Correct, summary.Accuracy, summary.OutOfDistribution,
            PerClass = summary.PerClass.Select(c => new { c.Label, c.ClassName, c.Total, c.Correct, c.Accuracy }),
            summary.MostConfused,
            Misclassified = summary.Misclassified.Select(m => new { m.Id, m.UseName, m.ImgIdx, m.Actual, m.Predicted, m.Confidence, Png = $"{prefix}/images/{m.UseName}/{m.ImgIdx}/png" }),
        });
    }
}
