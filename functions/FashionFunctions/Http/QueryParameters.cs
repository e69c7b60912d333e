using System.Globalization;

namespace FashionFunctions.Http;

/// <summary>Reads optional whole-number query parameters with bounds, producing a message a client can act on.</summary>
public static class QueryParameters
{
    public static bool TryGetInt(this HttpRequest request, string name, int fallback, int min, int max, out int value, out string error)
    {
        value = fallback;
        error = "";
        string? text = request.Query[name];
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            error = $"Query parameter '{name}' must be a whole number from {min} to {max}; got {InputEcho.Quote(text)}.";
            return false;
        }

        return true;
    }
}
