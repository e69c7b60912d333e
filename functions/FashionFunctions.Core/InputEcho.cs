namespace FashionFunctions.Core;

/// <summary>Quotes a client's value inside an error message, cut short so a huge or hostile value is not echoed whole.</summary>
public static class InputEcho
{
    private const int MaxLength = 40;

    public static string Quote(string? text) =>
        text is null ? "''" : text.Length <= MaxLength ? $"'{text}'" : $"'{text[..MaxLength]}…' ({text.Length} characters)";

    /// <summary>The value itself, cut short, for messages that quote it in their own way.</summary>
    public static string Cut(string text) => text.Length <= MaxLength ? text : $"{text[..MaxLength]}…";
}
