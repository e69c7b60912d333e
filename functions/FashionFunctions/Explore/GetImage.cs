using FashionFunctions.Core.Explore;

namespace FashionFunctions.Explore;

public sealed class GetImage(ExploreQueries queries)
{
    [Function(nameof(GetImage))]
    [EndpointSummary("One image's class, use, index and links")]
    public async Task<Results<Ok<ImageView>, NotFoundProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "images/{use}/{idx}")] HttpRequest request,
        [AsParameters] ImageRequest image, CancellationToken ct) =>
        await queries.ImageAsync(image.Key, ct) is { } found ? TypedResults.Ok(ImageView.From(found, request)) : new NotFoundProblem($"No image {image.Key}.");
}
