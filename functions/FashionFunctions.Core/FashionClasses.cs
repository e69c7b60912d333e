namespace FashionFunctions.Core;

/// <summary>The ten Fashion-MNIST classes, spelled as the article prints them and as the categories table holds them.</summary>
public static class FashionClasses
{
    public const int Count = 10;

    public static IReadOnlyList<string> Names { get; } =
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ];

    /// <summary>The coarse groups, as the category_groups table holds them (group_id is the position + 1).</summary>
    public static IReadOnlyList<string> GroupNames { get; } = ["Tops", "Bottoms", "Footwear", "Accessories"];

    /// <summary>Each class's group, as categories.group_id holds it: a position in <see cref="GroupNames"/>.</summary>
    public static IReadOnlyList<int> GroupOf { get; } = [0, 1, 0, 0, 0, 2, 0, 2, 3, 2];

    /// <summary>Accepts an index (0..9) or a class name in any case.</summary>
    public static bool TryParse(string? text, out int label)
    {
        label = -1;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            label = index;
            return index is >= 0 and < Count;
        }

        for (var i = 0; i < Count; i++)
        {
            if (string.Equals(Names[i], text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                label = i;
                return true;
            }
        }

        return false;
    }
}
