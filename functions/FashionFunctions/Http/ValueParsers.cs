using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;

namespace FashionFunctions.Http;

/// <summary>
/// A value type the API accepts in a route, query or header, parsed from its text. Implementations say what they
/// expect in words, for the error message and the API description.
/// </summary>
public interface IApiValue<TSelf> : IParsable<TSelf> where TSelf : IApiValue<TSelf>
{
    /// <summary>What the value must be, e.g. "0..9 or a class name such as 'Ankle boot'".</summary>
    static abstract string Expected { get; }

    /// <summary>Every accepted spelling when they are few, for the API description; empty when open-ended.</summary>
    static abstract IReadOnlyList<string> Examples { get; }
}

/// <summary>Text to typed values for request records: numbers, booleans, enums by name or number, and IApiValue types.</summary>
public static class ValueParsers
{
    // Reflection answers that never change for a type, asked on every request: computed once per type.
    private static readonly ConcurrentDictionary<Type, string> ExpectedTexts = new();
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<string>> EnumSpellings = new();
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, object?>> EnumValues = new();
    private static readonly ConcurrentDictionary<Type, MethodInfo?> ApiValueParsers = new();

    public static bool TryParse(Type type, string text, out object? value, out string expected)
    {
        value = null;
        expected = Expected(type);
        if (type == typeof(string))
        {
            value = text;
            return true;
        }

        if (type == typeof(int) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
        {
            value = i;
            return true;
        }

        if (type == typeof(long) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            value = l;
            return true;
        }

        if (type == typeof(bool) && bool.TryParse(text, out var b))
        {
            value = b;
            return true;
        }

        if (type.IsEnum)
        {
            return TryParseEnum(type, text, out value);
        }

        if (ApiValue(type) is { } parse)
        {
            var arguments = new object?[] { text, CultureInfo.InvariantCulture, null };
            if ((bool)parse.Invoke(null, arguments)!)
            {
                value = arguments[2];
                return true;
            }
        }

        return false;
    }

    /// <summary>What a value of this type must be, in words.</summary>
    public static string Expected(Type type) => ExpectedTexts.GetOrAdd(type, DescribeExpected);

    private static string DescribeExpected(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(string) => "text",
        _ when type.IsEnum => $"one of {string.Join(", ", EnumNames(type))}",
        _ when ApiValue(type) is not null => (string)type.GetProperty("Expected", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!,
        _ => throw new NotSupportedException($"Request records cannot take values of type {type.Name}."),
    };

    /// <summary>
    /// Enum members as the API spells them, the way its JSON answers write them: a [JsonStringEnumMemberName] where
    /// given, else the camelCase name; then the numbers, for enums whose numbers are table ids.
    /// </summary>
    public static IReadOnlyList<string> EnumNames(Type type) =>
        EnumSpellings.GetOrAdd(type, t => [.. Enum.GetNames(t).Select(name => SpelledName(t, name)), .. IdNumbers(t)]);

    private static string SpelledName(Type type, string name) =>
        type.GetField(name)!.GetCustomAttribute<System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute>()?.Name
            ?? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

    private static IEnumerable<string> IdNumbers(Type type) =>
        type.IsDefined(typeof(TableIdsAttribute))
            ? Enum.GetValues(type).Cast<object>().Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture))
            : [];

    public static IReadOnlyList<string> Examples(Type type) => type switch
    {
        _ when type.IsEnum => EnumNames(type),
        _ when ApiValue(type) is not null => (IReadOnlyList<string>)type.GetProperty("Examples", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!,
        _ => [],
    };

    // Enum.TryParse would also take "1, 2" and undefined numbers; only one defined name (any case), or a defined
    // number where the numbers are table ids, is wanted.
    private static bool TryParseEnum(Type type, string text, out object? value) =>
        EnumValues.GetOrAdd(type, AcceptedEnumValues).TryGetValue(text.Trim(), out value);

    private static IReadOnlyDictionary<string, object?> AcceptedEnumValues(Type type)
    {
        var accepted = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in Enum.GetNames(type))
        {
            accepted.TryAdd(name, Enum.Parse(type, name));
            accepted.TryAdd(SpelledName(type, name), Enum.Parse(type, name));
        }

        foreach (var number in IdNumbers(type))
        {
            accepted.TryAdd(number, Enum.Parse(type, number));
        }

        return accepted;
    }

    private static MethodInfo? ApiValue(Type type) => ApiValueParsers.GetOrAdd(type, FindApiValueParser);

    private static MethodInfo? FindApiValueParser(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IApiValue<>))
            ? type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), type.MakeByRefType()])
            : null;
}
