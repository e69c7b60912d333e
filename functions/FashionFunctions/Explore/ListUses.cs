namespace FashionFunctions.Explore;

public sealed class ListUses(ExploreQueries queries)
{
    [Function(nameof(ListUses))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "uses")] HttpRequest request, CancellationToken ct) =>
        new OkObjectResult(await queries.UsesAsync(ct));
}
