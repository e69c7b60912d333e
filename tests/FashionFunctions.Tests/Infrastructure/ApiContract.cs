using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace FashionFunctions.Tests.Infrastructure;

/// <summary>
/// The served OpenAPI document as a judge of real answers: finds the operation a request hit, and says everything about
/// the answer the document does not allow (an undocumented status, an undocumented media type, a body its schema
/// rejects, a date-time without an offset).
/// </summary>
public sealed partial class ApiContract
{
    private readonly JsonObject document;
    private readonly List<(Regex Pattern, string Template, int Parameters)> paths;

    private ApiContract(JsonObject document)
    {
        this.document = document;
        paths = [.. document["paths"]!.AsObject()
            .Select(p => (new Regex("^" + Placeholder().Replace(Regex.Escape(p.Key).Replace(@"\{", "{"), m => m.Value == "{file}" ? "(.*)" : "([^/]+)") + "$"), p.Key, Placeholder().Matches(p.Key).Count))
            .OrderBy(p => p.Item3)];
    }

    public JsonObject Document => document;

    public static async Task<ApiContract> LoadAsync(HttpClient http) =>
        new(JsonNode.Parse(await http.GetStringAsync("/api/openapi.json"))!.AsObject());

    /// <summary>Every operation as "METHOD /path" with its operationId.</summary>
    public IEnumerable<(string Operation, string OperationId)> Operations =>
        from path in document["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        select ($"{method.Key.ToUpperInvariant()} {path.Key}", method.Value!["operationId"]!.GetValue<string>());

    public JsonObject? OperationFor(HttpMethod method, string pathAndQuery)
    {
        var path = pathAndQuery.Split('?')[0];
        var template = paths.FirstOrDefault(p => p.Pattern.IsMatch(path) && document["paths"]![p.Template]![method.Method.ToLowerInvariant()] is not null).Template;
        return template is null ? null : document["paths"]![template]![method.Method.ToLowerInvariant()]!.AsObject();
    }

    public IReadOnlyList<string> Violations(HttpMethod method, string pathAndQuery, HttpResponseMessage response, byte[] body)
    {
        if (OperationFor(method, pathAndQuery) is not { } operation)
        {
            return [$"no documented operation for {method} {pathAndQuery}"];
        }

        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation["responses"]![status] is not JsonObject documented)
        {
            return [$"{operation["operationId"]} answered {status}, which it does not document ({string.Join(", ", operation["responses"]!.AsObject().Select(r => r.Key))})"];
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (documented["content"] is not JsonObject content)
        {
            return body.Length == 0 ? [] : [$"{operation["operationId"]} {status} has a body but documents none"];
        }

        var match = content.FirstOrDefault(c => MediaMatches(c.Key, mediaType));
        if (match.Key is null)
        {
            return [$"{operation["operationId"]} {status} answered {mediaType ?? "no Content-Type"}, documented: {string.Join(", ", content.Select(c => c.Key))}"];
        }

        if (mediaType is null || !mediaType.Contains("json", StringComparison.Ordinal))
        {
            return [];
        }

        using var json = JsonDocument.Parse(body);
        var results = Schema(match.Value!["schema"]!).Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is not null)
                .SelectMany(d => d.Errors!.Select(e => $"{operation["operationId"]} {status} {d.InstanceLocation}: {e.Key} {e.Value}"))
                .DefaultIfEmpty($"{operation["operationId"]} {status}: the body does not match its schema")];
    }

    private static bool MediaMatches(string documented, string? actual) =>
        actual is not null && (documented == actual || (documented.EndsWith("/*", StringComparison.Ordinal) && actual.StartsWith(documented[..^1], StringComparison.Ordinal)));

    /// <summary>A standalone JSON Schema: the operation's schema with the document's components as $defs.</summary>
    private JsonSchema Schema(JsonNode schema)
    {
        var root = Rewrite(schema.DeepClone())!.AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = Rewrite(document["components"]!["schemas"]!.DeepClone());
        using var parsed = JsonDocument.Parse(root.ToJsonString());
        return JsonSchema.Build(parsed.RootElement.Clone(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://contract.test/{Guid.NewGuid():N}"));
    }

    private static JsonNode? Rewrite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "$ref" && value?.GetValue<string>() is { } reference)
                    {
                        obj[key] = reference.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
                    }
                    else
                    {
                        Rewrite(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Rewrite(item);
                }

                break;
        }

        return node;
    }

    [GeneratedRegex(@"\{[A-Za-z0-9_]+\}")]
    private static partial Regex Placeholder();
}

/// <summary>One request of the contract suite, with the status it is meant to provoke.</summary>
public sealed record ContractCase(string Method, string Url, int Expected, string? Body = null, string? ContentType = null, byte[]? Bytes = null)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Url);
        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (Bytes is not null)
        {
            request.Content = new ByteArrayContent(Bytes);
        }
        else if (Body is not null)
        {
            request.Content = new StringContent(Body);
        }

        if (request.Content is not null)
        {
            request.Content.Headers.ContentType = ContentType is null ? null : MediaTypeHeaderValue.Parse(ContentType);
        }

        return request;
    }

    public override string ToString() => $"{Method} {(Url.Length > 80 ? Url[..80] + "…" : Url)} -> {Expected}";
}
