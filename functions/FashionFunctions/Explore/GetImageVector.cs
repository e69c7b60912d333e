namespace FashionFunctions.Explore;

public sealed class GetImageVector(ExploreQueries queries)
{
    [Function(nameof(GetImageVector))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "images/{use}/{idx}/vector")] HttpRequest request,
        string use, string idx, CancellationToken ct)
    {
        if (!ImageKey.TryParse(use, idx, out var key, out var error))
        {
            return Problems.BadRequest(error);
        }

        var vector = await queries.VectorAsync(key, ct);
        return vector is null ? Problems.NotFound($"No image {key}.") : new OkObjectResult(vector);
    }
}
