using FashionFunctions.Core.Explore;

namespace FashionFunctions.Explore;

public sealed class ListCategories(ExploreQueries queries)
{
    [Function(nameof(ListCategories))]
    [EndpointSummary("The ten classes (the article's categories table) with their coarse groups")]
    public async Task<Ok<IReadOnlyList<CategoryRow>>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "categories")] HttpRequest request, CancellationToken ct) =>
        TypedResults.Ok(await queries.CategoriesAsync(ct));
}
