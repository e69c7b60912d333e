using FashionFunctions.Core.Drift;

namespace FashionFunctions.Monitoring;

public sealed class GetDrift(DriftWatch drift)
{
    [Function(nameof(GetDrift))]
    [EndpointSummary("Drift of live predictions against the model's Testing baseline per hour or day: class-mix PSI, mean confidence, out-of-distribution rate; JSON or a chart")]
    public async Task<Results<Ok<DriftReport>, PngFile, NotFoundProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "monitoring/drift")] HttpRequest request,
        [AsParameters] DriftRequest query, CancellationToken ct)
    {
        if (await drift.ReportAsync(query.Window, query.Last, query.Model, ct) is not { } report)
        {
            return new NotFoundProblem($"No model version {query.Model}.");
        }

        return query.Format == DriftFormat.Png ? new PngFile(DriftChart.Png(report, query.Width, query.Height)) : TypedResults.Ok(report);
    }
}
