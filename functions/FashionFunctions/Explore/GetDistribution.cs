namespace FashionFunctions.Explore;

public sealed class GetDistribution(ExploreQueries queries)
{
    [Function(nameof(GetDistribution))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "stats/distribution")] HttpRequest request, CancellationToken ct)
    {
        var format = request.Query["format"].ToString().ToLowerInvariant();
        if (format is not ("" or "json" or "png" or "svg"))
        {
            return Problems.BadRequest($"Unknown format {InputEcho.Quote(request.Query["format"])}: expected json, png or svg.");
        }

        var rows = await queries.DistributionAsync(ct);
        return format switch
        {
            "png" => new FileContentResult(DistributionChart.Png(rows), "image/png"),
            "svg" => new ContentResult { Content = DistributionChart.Svg(rows), ContentType = "image/svg+xml", StatusCode = 200 },
            _ => new OkObjectResult(rows),
        };
    }
}
