namespace FashionFunctions.Explore;

public sealed class GetImagePng(ExploreQueries queries)
{
    [Function(nameof(GetImagePng))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "images/{use}/{idx}/png")] HttpRequest request,
        string use, string idx, CancellationToken ct)
    {
        if (!ImageKey.TryParse(use, idx, out var key, out var error))
        {
            return Problems.BadRequest(error);
        }

        var png = await queries.PngAsync(key, ct);
        return png is null ? Problems.NotFound($"No image {key}.") : new FileContentResult(png, "image/png");
    }
}
