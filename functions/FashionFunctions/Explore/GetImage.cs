namespace FashionFunctions.Explore;

public sealed class GetImage(ExploreQueries queries)
{
    [Function(nameof(GetImage))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "images/{use}/{idx}")] HttpRequest request,
        string use, string idx, CancellationToken ct)
    {
        if (!ImageKey.TryParse(use, idx, out var key, out var error))
        {
            return Problems.BadRequest(error);
        }

        var image = await queries.ImageAsync(key, ct);
        return image is null
            ? Problems.NotFound($"No image {key}.")
            : new OkObjectResult(new { image.ClassName, image.Label, image.UseName, image.Idx, Links = ImageLinks.For(request, image) });
    }
}
