using FashionFunctions.Core.Health;

namespace FashionFunctions.Health;

public sealed class GetHealth(HealthProbe probe)
{
    [Function(nameof(GetHealth))]
    [EndpointSummary("Whether MariaDB and Blob Storage answer: 200 when both do, else 503 saying which failed")]
    public async Task<Results<Ok<HealthReport>, UnhealthyReport>> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken ct)
    {
        var report = await probe.CheckAsync(ct);
        return report.Healthy ? TypedResults.Ok(report) : new UnhealthyReport(report);
    }
}
