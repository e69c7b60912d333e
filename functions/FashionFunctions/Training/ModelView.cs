using System.Globalization;

namespace FashionFunctions.Training;

/// <summary>A registry row as the API shows it: the registry's own record, which serialises its JSON columns as plain JSON.</summary>
public static class ModelView
{
    public static ModelVersion From(ModelVersion m) => m;

    public static bool TryParseVersion(string text, out long version, out string error)
    {
        error = "";
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0)
        {
            return true;
        }

        error = $"Invalid model version {InputEcho.Quote(text)}: expected a positive whole number.";
        return false;
    }
}
