using FashionFunctions.Core.Explore;

namespace FashionFunctions.Explore;

public sealed record ImageView(string ClassName, int Label, string UseName, long Idx, ImageLinks Links)
{
    public static ImageView From(ImageRow image, HttpRequest request) => new(image.ClassName, image.Label, image.UseName, image.Idx, ImageLinks.For(request, image));
}

public sealed record ImagePageView(long Total, int Limit, int Offset, IReadOnlyList<ImageView> Items);
