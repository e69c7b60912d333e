namespace FashionFunctions.Health;

public sealed class GetHealth(HealthProbe probe)
{
    [Function(nameof(GetHealth))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken ct)
    {
        var report = await probe.CheckAsync(ct);
        return new ObjectResult(report) { StatusCode = report.Healthy ? 200 : 503 };
    }
}
