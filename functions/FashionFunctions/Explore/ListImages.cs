namespace FashionFunctions.Explore;

public sealed class ListImages(ExploreQueries queries)
{
    [Function(nameof(ListImages))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "images")] HttpRequest request, CancellationToken ct)
    {
        string? use = request.Query["use"], label = request.Query["label"];
        ImageUse parsedUse = default;
        if (!string.IsNullOrEmpty(use) && !ImageUses.TryParse(use, out parsedUse))
        {
            return Problems.BadRequest(ImageUses.Unknown(use));
        }

        var parsedLabel = -1;
        if (!string.IsNullOrEmpty(label) && !FashionClasses.TryParse(label, out parsedLabel))
        {
            return Problems.BadRequest($"Unknown label {InputEcho.Quote(label)}: expected 0..9 or a class name such as 'Ankle boot'.");
        }

        if (!request.TryGetInt("limit", ImageFilter.DefaultLimit, 1, ImageFilter.MaxLimit, out var limit, out var error) ||
            !request.TryGetInt("offset", 0, 0, ImageFilter.MaxOffset, out var offset, out error))
        {
            return Problems.BadRequest(error);
        }

        var filter = new ImageFilter(string.IsNullOrEmpty(use) ? null : parsedUse, parsedLabel < 0 ? null : parsedLabel, limit, offset);
        var page = await queries.ImagesAsync(filter, ct);
        return new OkObjectResult(new
        {
            page.Total,
            page.Limit,
            page.Offset,
            Items = page.Items.Select(image => new { image.ClassName, image.Label, image.UseName, image.Idx, Links = ImageLinks.For(request, image) }),
        });
    }
}
