using System.Text.Json;
using System.Text.RegularExpressions;

namespace FashionFunctions.Http;

/// <summary>A JSON body read for a request record: its value, or errors keyed by JSON path, or a 413/415 problem.</summary>
public sealed record JsonBody(object? Value, IReadOnlyList<KeyValuePair<string, string>> Errors, IResult? Problem);

/// <summary>
/// Request bodies read with their size limit enforced while reading, whatever Content-Length says or whether it is
/// sent at all; and [FromBody] JSON values with an explanation of why one does not parse.
/// </summary>
public static partial class RequestBodies
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The whole body, or null when it is over the limit.</summary>
    public static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (!LimitTo(request, limit))
        {
            return null;
        }

        try
        {
            return await ReadBoundedAsync(request.Body, limit, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    /// <summary>
    /// Refuses a declared length over the limit, and has the server itself stop reading past it (Kestrel's per-request
    /// body limit), so a chunked body with no length is cut off at the limit instead of buffered whole.
    /// </summary>
    public static bool LimitTo(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            return false;
        }

        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        return true;
    }

    /// <summary>Reads at most limit bytes of a stream; null when there are more.</summary>
    public static async Task<byte[]?> ReadBoundedAsync(Stream body, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public static async Task<JsonBody> ReadJsonAsync(HttpRequest request, RequestParameter parameter, CancellationToken ct)
    {
        var bytes = await ReadBoundedAsync(request, parameter.BodyLimit, ct);
        if (bytes is null)
        {
            return new JsonBody(null, [], ApiProblems.PayloadTooLarge(parameter.BodyLimit));
        }

        var json = bytes.AsMemory();
        if (json.Span.StartsWith(Utf8Bom))
        {
            json = json[Utf8Bom.Length..];
        }

        if (json.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return parameter.Required ? new JsonBody(null, [new("body", "A JSON body is required.")], null) : new JsonBody(null, [], null);
        }

        if (!IsJson(request.ContentType))
        {
            return new JsonBody(null, [], ApiProblems.UnsupportedMediaType($"Send the body as application/json; got {InputEcho.Quote(request.ContentType ?? "no Content-Type")}."));
        }

        try
        {
            var value = JsonSerializer.Deserialize(json.Span, parameter.ValueType, FashionJson.Requests);
            return value is null && parameter.Required
                ? new JsonBody(null, [new("body", "A JSON body is required, not null.")], null)
                : new JsonBody(value, [], null);
        }
        catch (JsonException e)
        {
            return new JsonBody(null, [Explain(e, parameter.ValueType)], null);
        }
    }

    private static bool IsJson(string? contentType)
    {
        var media = contentType?.Split(';')[0].Trim() ?? "";
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A sentence for the client from System.Text.Json's exception, keyed by the JSON path of the member at fault. The
    /// library's own message names .NET types, which mean nothing to a client, so it is never passed on.
    /// </summary>
    public static KeyValuePair<string, string> Explain(JsonException e, Type root)
    {
        var path = e.Path is null or "$" ? "" : e.Path.TrimStart('$', '.');
        var key = path.Length == 0 ? "body" : path;
        var message = e.Message;
        if (UnknownMember().Match(message) is { Success: true } unknown)
        {
            var member = path.Length == 0 ? unknown.Groups["name"].Value : $"{path}.{unknown.Groups["name"].Value}";
            return new(member, $"'{InputEcho.Cut(member)}' is not a field this request takes.");
        }

        if (MissingRequired().Match(message) is { Success: true } missing)
        {
            var member = path.Length == 0 ? missing.Groups["names"].Value : $"{path}.{missing.Groups["names"].Value}";
            return new(member, $"'{member}' is required.");
        }

        if (message.Contains("duplicate", StringComparison.OrdinalIgnoreCase))
        {
            return new(key, $"'{key}' appears more than once.");
        }

        if (message.Contains("doesn't allow setting null", StringComparison.Ordinal) || message.Contains("non-nullable", StringComparison.Ordinal))
        {
            return new(key, $"'{key}' may not be null.");
        }

        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return new("body", "The body nests deeper than this API takes.");
        }

        if (e.InnerException is not null || message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return new(key, path.Length == 0
                ? "The body must be a JSON object."
                : $"'{key}' must be {Expected(root, path)}.");
        }

        return new("body", $"The body is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}).");
    }

    /// <summary>What the member at a JSON path is, in words, found by walking the record's properties.</summary>
    private static string Expected(Type root, string path)
    {
        var type = root;
        foreach (var segment in path.Split('.'))
        {
            var name = ArrayIndex().Replace(segment, "");
            var property = type.GetProperties().FirstOrDefault(p => string.Equals(JsonNamingPolicy.CamelCase.ConvertName(p.Name), name, StringComparison.Ordinal));
            if (property is null)
            {
                return "of another type";
            }

            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (segment != name && type.IsArray)
            {
                type = type.GetElementType()!;
            }
        }

        return type switch
        {
            _ when type == typeof(string) => "a string",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(byte) => "a whole number",
            _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
            _ when type.IsEnum => $"one of {string.Join(", ", ValueParsers.EnumNames(type))}",
            _ when type.IsArray || (type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)) => "an array",
            _ => "an object",
        };
    }

    [GeneratedRegex(@"The JSON property '(?<name>[^']*)' could not be mapped")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"missing required properties including: '(?<names>[^']*)'")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"\[\d+\]$")]
    private static partial Regex ArrayIndex();
}
