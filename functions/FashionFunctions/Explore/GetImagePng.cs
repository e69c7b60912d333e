using FashionFunctions.Core.Explore;

namespace FashionFunctions.Explore;

public sealed class GetImagePng(ExploreQueries queries)
{
    [Function(nameof(GetImagePng))]
    [EndpointSummary("The stored 28x28 grayscale PNG")]
    public async Task<Results<PngFile, NotFoundProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "images/{use}/{idx}/png")] HttpRequest request,
        [AsParameters] ImageRequest image, CancellationToken ct) =>
        await queries.PngAsync(image.Key, ct) is { } png ? new PngFile(png) : new NotFoundProblem($"No image {image.Key}.");
}
