namespace FashionFunctions.Explore;

public sealed class ListCategories(ExploreQueries queries)
{
    [Function(nameof(ListCategories))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "categories")] HttpRequest request, CancellationToken ct) =>
        new OkObjectResult(await queries.CategoriesAsync(ct));
}
