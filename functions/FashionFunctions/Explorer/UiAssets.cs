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
