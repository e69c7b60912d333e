using FashionFunctions.Core.Explore;

namespace FashionFunctions.Explore;

public sealed class ListUses(ExploreQueries queries)
{
    [Function(nameof(ListUses))]
    [EndpointSummary("The article's img_use table: what each use of an image means")]
    public async Task<Ok<IReadOnlyList<UseRow>>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "uses")] HttpRequest request, CancellationToken ct) =>
        TypedResults.Ok(await queries.UsesAsync(ct));
}
