using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace FashionFunctions.Explorer;

/// <summary>
/// The explorer page's files, embedded in the app. Lookup is by exact name in a fixed set, so no request path can reach
/// anything but these files (no file system is involved at all).
/// </summary>
public static class UiAssets
{
    public const string IndexName = "index.html";

    private const string ResourcePrefix = "Explorer/wwwroot/";

    private static readonly FrozenDictionary<string, UiAsset> Assets = Load();

    public static bool TryGet(string name, out UiAsset asset) => Assets.TryGetValue(name, out asset!);

    public static IEnumerable<string> Names => Assets.Keys;

    /// <summary>Only the app's own files, scripts and API; blob: for images fetched with the function key.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>One file with its security and cache headers, or 304 when the browser has it, or a 404 problem.</summary>
    public static Results<UiFile, RedirectHttpResult, StatusCodeHttpResult, NotFoundProblem> Serve(HttpRequest request, string name)
    {
        if (!TryGet(name, out var file))
        {
            return new NotFoundProblem($"The explorer has no file {InputEcho.Quote(name)}.");
        }

        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // The page always revalidates (so a deploy shows at once); its files may be reused for a few minutes.
        headers.CacheControl = name == IndexName ? "no-cache" : "public, max-age=300";
        headers.ETag = file.ETag;
        return request.Headers.IfNoneMatch.Any(tag => tag == file.ETag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : new UiFile(file);
    }

    /// <summary>The page's own address, without a trailing slash (its files are named relative to it).</summary>
    public static RedirectHttpResult ToPage(HttpRequest request) =>
        TypedResults.Redirect($"{request.PathBase}{request.Path.Value!.TrimEnd('/')}{request.QueryString}");

    private static FrozenDictionary<string, UiAsset> Load()
    {
        var assembly = typeof(UiAssets).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(resource => Read(assembly, resource))
            .ToFrozenDictionary(asset => asset.Name, StringComparer.Ordinal);
    }

    private static UiAsset Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        var name = resource[ResourcePrefix.Length..];
        return new UiAsset(name, content, ContentType(name), $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => throw new InvalidOperationException($"No content type for embedded asset '{name}'."),
    };
}

public sealed record UiAsset(string Name, byte[] Content, string ContentType, string ETag);

/// <summary>One of the page's files as an answer, describing the media types the page is made of.</summary>
public sealed class UiFile(UiAsset asset) : IResult, IStatusCodeHttpResult, Microsoft.AspNetCore.Http.Metadata.IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Bytes(asset.Content, asset.ContentType).ExecuteAsync(httpContext);

    public static void PopulateMetadata(System.Reflection.MethodInfo method, Microsoft.AspNetCore.Builder.EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(byte[]), ["text/html", "text/javascript", "text/css", "image/svg+xml"]));
}
