using Microsoft.Net.Http.Headers;

namespace FashionFunctions.Explorer;

/// <summary>
/// The explorer page and its files. Anonymous because a browser cannot send a function key when it opens a page;
/// the page asks for the key and sends it on every API call itself.
/// </summary>
public sealed class GetUi
{
    /// <summary>Only the app's own files, scripts and API; blob: for images fetched with the function key.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    [Function(nameof(GetUi))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ui/{*asset}")] HttpRequest request, string? asset)
    {
        // The page names its files relative to /api/ui, which "/api/ui/" would break.
        if (string.IsNullOrEmpty(asset) && request.Path.Value?.EndsWith('/') == true)
        {
            return new RedirectResult($"{request.PathBase}{request.Path.Value.TrimEnd('/')}{request.QueryString}");
        }

        var name = string.IsNullOrEmpty(asset) ? UiAssets.IndexName : asset;
        if (!UiAssets.TryGet(name, out var file))
        {
            return Problems.NotFound($"The explorer has no file '{name}'.");
        }

        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // The page always revalidates (so a deploy shows at once); its files may be reused for a few minutes.
        headers.CacheControl = name == UiAssets.IndexName ? "no-cache" : "public, max-age=300";
        headers.ETag = file.ETag;

        if (request.Headers.IfNoneMatch.Any(tag => tag == file.ETag))
        {
            return new StatusCodeResult(StatusCodes.Status304NotModified);
        }

        return new FileContentResult(file.Content, file.ContentType);
    }
}
