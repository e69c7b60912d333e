using FashionFunctions.Core.Explore;

namespace FashionFunctions.Explore;

public sealed class GetDistribution(ExploreQueries queries)
{
    [Function(nameof(GetDistribution))]
    [EndpointSummary("Training and testing images per class (the article's GROUP BY), as JSON or a grouped bar chart")]
    public async Task<Results<Ok<IReadOnlyList<DistributionRow>>, PngFile, SvgDocument>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "stats/distribution")] HttpRequest request,
        [AsParameters] DistributionRequest query, CancellationToken ct)
    {
        var rows = await queries.DistributionAsync(ct);
        return query.Format switch
        {
            ChartFormat.Png => new PngFile(DistributionChart.Png(rows)),
            ChartFormat.Svg => new SvgDocument(DistributionChart.Svg(rows)),
            _ => TypedResults.Ok(rows),
        };
    }
}
