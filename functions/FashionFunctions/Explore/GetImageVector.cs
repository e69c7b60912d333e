using FashionFunctions.Core.Explore;

namespace FashionFunctions.Explore;

public sealed class GetImageVector(ExploreQueries queries)
{
    [Function(nameof(GetImageVector))]
    [EndpointSummary("The stored vector: 784 floats, pixel / 255, row-major")]
    public async Task<Results<Ok<float[]>, NotFoundProblem>> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "images/{use}/{idx}/vector")] HttpRequest request,
        [AsParameters] ImageRequest image, CancellationToken ct) =>
        await queries.VectorAsync(image.Key, ct) is { } vector ? TypedResults.Ok(vector) : new NotFoundProblem($"No image {image.Key}.");
}
