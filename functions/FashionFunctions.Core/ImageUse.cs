using System.Globalization;
using System.Text.Json.Serialization;

namespace FashionFunctions.Core;

/// <summary>The article's img_use roles; the numbers are the use_id values in the img_use table.</summary>
[TableIds]
public enum ImageUse : byte
{
    // Spelled as img_use.use_name holds them, which is how every answer names a use.
    [JsonStringEnumMemberName("Training")]
    Training = 1,
    [JsonStringEnumMemberName("Testing")]
    Testing = 2,

    /// <summary>Uploads whose true class a user gave after a prediction; never validation or Testing.</summary>
    [JsonStringEnumMemberName("Feedback")]
    Feedback = 3,
}

/// <summary>On an enum whose numbers are ids in a lookup table: clients may name a member by its number too.</summary>
[AttributeUsage(AttributeTargets.Enum)]
public sealed class TableIdsAttribute : Attribute;

public static class ImageUses
{
    /// <summary>Accepts "Training"/"Testing"/"Feedback" in any case, or 1/2/3.</summary>
    public static bool TryParse(string? text, out ImageUse use)
    {
        use = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            use = (ImageUse)id;
            return Enum.IsDefined(use);
        }

        // Enum.TryParse would also accept "1, 2" and other flag-like spellings; only the names are wanted.
        foreach (var candidate in Enum.GetValues<ImageUse>())
        {
            if (string.Equals(candidate.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                use = candidate;
                return true;
            }
        }

        return false;
    }

    public static string Unknown(string? text) => $"Unknown use {InputEcho.Quote(text)}: expected Training, Testing, Feedback, 1, 2 or 3.";
}

/// <summary>One stored image: its use and its index within that use's IDX file.</summary>
public readonly record struct ImageKey(ImageUse Use, int Idx)
{
    /// <summary>Larger than any Fashion-MNIST file, small enough to keep well inside INT UNSIGNED.</summary>
    public const int MaxIdx = 9_999_999;

    public static bool TryParse(string? use, string? idx, out ImageKey key, out string error)
    {
        key = default;
        if (!ImageUses.TryParse(use, out var parsedUse))
        {
            error = ImageUses.Unknown(use);
            return false;
        }

        if (!int.TryParse(idx, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedIdx) || parsedIdx > MaxIdx)
        {
            error = $"Invalid idx {InputEcho.Quote(idx)}: expected a whole number from 0 to {MaxIdx}.";
            return false;
        }

        key = new ImageKey(parsedUse, parsedIdx);
        error = "";
        return true;
    }

    public override string ToString() => $"{Use}/{Idx}";
}
