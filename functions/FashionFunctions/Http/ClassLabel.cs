namespace FashionFunctions.Http;

/// <summary>A Fashion-MNIST class as a client may name it: its index 0..9 or its name in any case.</summary>
public readonly record struct ClassLabel(int Value) : IApiValue<ClassLabel>
{
    public static string Expected => "0..9 or a class name such as 'Ankle boot'";

    public static IReadOnlyList<string> Examples => [.. Enumerable.Range(0, FashionClasses.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. FashionClasses.Names];

    public static ClassLabel Parse(string s, IFormatProvider? provider) =>
        TryParse(s, provider, out var label) ? label : throw new FormatException($"Expected {Expected}.");

    public static bool TryParse(string? s, IFormatProvider? provider, out ClassLabel result)
    {
        var ok = FashionClasses.TryParse(s, out var label);
        result = new ClassLabel(label);
        return ok;
    }
}
