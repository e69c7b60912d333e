using FashionFunctions.Core.Explore;

namespace FashionFunctions.Explore;

public sealed class ListImages(ExploreQueries queries)
{
    [Function(nameof(ListImages))]
    [EndpointSummary("The article's join of images, classes and uses, paged and filtered, with links to each image")]
    public async Task<Ok<ImagePageView>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "images")] HttpRequest request,
        [AsParameters] ListImagesRequest query, CancellationToken ct)
    {
        var page = await queries.ImagesAsync(query.Filter, ct);
        return TypedResults.Ok(new ImagePageView(page.Total, page.Limit, page.Offset, [.. page.Items.Select(image => ImageView.From(image, request))]));
    }
}
