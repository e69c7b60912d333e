using FashionFunctions.Core.Explore;

namespace FashionFunctions.Explore;

public sealed record ImageLinks(string Self, string Png, string Vector)
{
    /// <summary>Links relative to the request's own route prefix, so they work behind any host or proxy path.</summary>
    public static ImageLinks For(HttpRequest request, ImageRow image)
    {
        var self = $"{request.PathBase}{ApiPrefix(request)}/images/{image.UseName}/{image.Idx}";
        return new ImageLinks(self, self + "/png", self + "/vector");
    }

    private static string ApiPrefix(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        var images = path.IndexOf("/images", StringComparison.OrdinalIgnoreCase);
        return images >= 0 ? path[..images] : "";
    }
}
