using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace FashionFunctions.OpenApi;

/// <summary>
/// Writes the OpenAPI 3.1 document of the HTTP functions from their code: routes, methods and auth levels from
/// [Function]/[HttpTrigger], parameters and bodies from their request records, answers from their typed results, and
/// every schema from System.Text.Json's own view of the types (JsonSchemaExporter with the service's JSON options), so
/// the document describes exactly what is written and read.
/// </summary>
public static partial class OpenApiDocumentGenerator
{
    public const string Problem = "Problem";
    public const string ValidationProblem = "ValidationProblem";

    public static JsonObject Generate(IEnumerable<HttpFunctionInfo> functions, string routePrefix, string version)
    {
        var schemas = new SchemaRegistry(FashionJson.Web);
        var paths = new JsonObject();
        foreach (var function in functions.OrderBy(f => f.Route, StringComparer.Ordinal))
        {
            var path = Path(routePrefix, function.Route);
            var item = paths[path] as JsonObject ?? (JsonObject)(paths[path] = new JsonObject());
            foreach (var method in function.Methods.Count == 0 ? ["GET"] : function.Methods)
            {
                item[method.ToLowerInvariant()] = Operation(function, schemas);
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "FashionFunctions",
                ["version"] = version,
                ["description"] = "Fashion-MNIST in MariaDB: the article's exploration queries, model training and a registry, " +
                    "and predictions written back to MariaDB. Every error is an RFC 7807 problem (application/problem+json).",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" }),
            ["security"] = FunctionKey(),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["functionKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-functions-key", ["description"] = "A function key (Azure only; local runs do not check keys)." },
                    ["functionKeyQuery"] = new JsonObject { ["type"] = "apiKey", ["in"] = "query", ["name"] = "code", ["description"] = "The same key as a query parameter." },
                },
                ["schemas"] = schemas.Components,
            },
        };
    }

    private static JsonArray FunctionKey() => new(new JsonObject { ["functionKey"] = new JsonArray() }, new JsonObject { ["functionKeyQuery"] = new JsonArray() });

    /// <summary>The route as OpenAPI names it: prefix joined, constraints and catch-all markers dropped.</summary>
    public static string Path(string routePrefix, string route) =>
        RouteParameter().Replace("/" + string.Join('/', new[] { routePrefix.Trim('/'), route.Trim('/') }.Where(p => p.Length > 0)),
            m => "{" + m.Groups["name"].Value + "}");

    private static JsonObject Operation(HttpFunctionInfo function, SchemaRegistry schemas)
    {
        var operation = new JsonObject
        {
            ["operationId"] = function.Name,
            ["tags"] = new JsonArray(Tag(function)),
        };
        if (function.Method.GetCustomAttribute<EndpointSummaryAttribute>() is { } summary)
        {
            operation["summary"] = summary.Summary;
        }

        if (function.Method.GetCustomAttribute<EndpointDescriptionAttribute>() is { } description)
        {
            operation["description"] = description.Description;
        }

        var parameters = new JsonArray();
        var records = function.RequestRecords.SelectMany(RequestRecordBinder.Describe).ToList();
        var template = RoutePatternFactory.Parse(function.Route);
        foreach (var routeValue in template.Parameters.Where(p => records.All(r => r.Name != p.Name)))
        {
            parameters.Add(new JsonObject { ["name"] = routeValue.Name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        foreach (var parameter in records.Where(p => p.Source != RequestSource.Body))
        {
            parameters.Add(Parameter(parameter, template));
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        var body = RequestBody(function, records, schemas);
        if (body is not null)
        {
            operation["requestBody"] = body;
        }

        operation["responses"] = Responses(function, records, body is not null, schemas);
        if (function.IsAnonymous)
        {
            operation["security"] = new JsonArray();
        }

        return operation;
    }

    private static string Tag(HttpFunctionInfo function) => function.Method.DeclaringType!.Namespace!.Split('.')[^1];

    private static JsonObject Parameter(RequestParameter parameter, RoutePattern template)
    {
        var schema = ValueSchema(parameter.ValueType);
        foreach (var annotation in parameter.Annotations)
        {
            Constrain(schema, annotation);
        }

        var defaults = Activator.CreateInstance(parameter.Property.DeclaringType!);
        if (parameter.Source == RequestSource.Query && parameter.Property.GetValue(defaults) is { } fallback)
        {
            schema["default"] = JsonSerializer.SerializeToNode(fallback, FashionJson.Web);
        }

        var description = parameter.Description ?? $"{Capitalize(ValueParsers.Expected(parameter.ValueType))}{(parameter.ValueType.IsEnum ? " (any case)" : "")}.";
        return new JsonObject
        {
            ["name"] = parameter.Name,
            ["in"] = parameter.Source switch { RequestSource.Route => "path", RequestSource.Header => "header", _ => "query" },
            ["required"] = parameter.Required || template.GetParameter(parameter.Name) is not null,
            ["description"] = description,
            ["schema"] = schema,
        };
    }

    /// <summary>The schema of a route, query or header value: what the binder accepts, as text.</summary>
    private static JsonObject ValueSchema(Type type)
    {
        if (type == typeof(int) || type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = type == typeof(int) ? "int32" : "int64" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        var schema = new JsonObject { ["type"] = "string" };
        if (ValueParsers.Examples(type) is { Count: > 0 } examples)
        {
            schema[type.IsEnum ? "enum" : "examples"] = new JsonArray([.. examples.Select(e => (JsonNode)e)]);
        }

        return schema;
    }

    private static void Constrain(JsonObject schema, ValidationAttribute annotation)
    {
        switch (annotation)
        {
            case RangeAttribute range:
                schema["minimum"] = JsonValue.Create(Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture));
                schema["maximum"] = JsonValue.Create(Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture));
                break;
            case StringLengthAttribute length:
                schema["maxLength"] = length.MaximumLength;
                if (length.MinimumLength > 0)
                {
                    schema["minLength"] = length.MinimumLength;
                }

                break;
            case RegularExpressionAttribute pattern:
                schema["pattern"] = pattern.Pattern;
                break;
        }
    }

    private static JsonObject? RequestBody(HttpFunctionInfo function, List<RequestParameter> records, SchemaRegistry schemas)
    {
        var content = new JsonObject();
        var required = false;
        foreach (var body in records.Where(p => p.Source == RequestSource.Body))
        {
            content["application/json"] = new JsonObject { ["schema"] = schemas.For(body.ValueType) };
            required |= body.Required;
        }

        var accepted = function.Method.GetCustomAttributes<AcceptsBodyAttribute>().ToList();
        foreach (var accepts in accepted)
        {
            content[accepts.ContentType] = new JsonObject
            {
                ["schema"] = accepts switch
                {
                    { Schema: { } type } => schemas.For(type),
                    { FileField: { } field } => new JsonObject
                    {
                        ["type"] = "object",
                        ["required"] = new JsonArray(field),
                        ["properties"] = new JsonObject { [field] = new JsonObject { ["type"] = "string", ["contentMediaType"] = "application/octet-stream" } },
                    },
                    _ => new JsonObject { ["type"] = "string", ["contentMediaType"] = accepts.ContentType },
                },
            };
            required = true;
        }

        return content.Count == 0 ? null : new JsonObject { ["required"] = required, ["content"] = content };
    }

    private static JsonObject Responses(HttpFunctionInfo function, List<RequestParameter> records, bool hasBody, SchemaRegistry schemas)
    {
        var produced = Produces(function.Method).ToList();
        if (records.Count > 0)
        {
            produced.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), [ProblemResult.ContentType]));
        }

        if (records.Any(r => r.Source == RequestSource.Body))
        {
            produced.Add(new ProducesResponseTypeMetadata(StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails), [ProblemResult.ContentType]));
            produced.Add(new ProducesResponseTypeMetadata(StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails), [ProblemResult.ContentType]));
        }

        // Any function with services behind it can find MariaDB or storage unreachable, which the middleware answers.
        if (function.Method.DeclaringType!.GetConstructors().Any(c => c.GetParameters().Length > 0))
        {
            produced.Add(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(ProblemDetails), [ProblemResult.ContentType]));
        }

        var responses = new JsonObject();
        foreach (var byStatus in produced.GroupBy(p => p.StatusCode).OrderBy(g => g.Key))
        {
            var response = new JsonObject { ["description"] = ReasonPhrases.GetReasonPhrase(byStatus.Key) };
            var content = new JsonObject();
            foreach (var metadata in byStatus)
            {
                foreach (var contentType in metadata.ContentTypes.DefaultIfEmpty("application/json"))
                {
                    if (metadata.Type is null || metadata.Type == typeof(void))
                    {
                        continue;
                    }

                    // A problem answer reuses the ValidationProblem schema where any of its kinds lists errors.
                    var isValidation = byStatus.Any(m => m.Type == typeof(HttpValidationProblemDetails));
                    content[contentType] = new JsonObject
                    {
                        ["schema"] = metadata.Type == typeof(HttpValidationProblemDetails) || (isValidation && metadata.Type == typeof(ProblemDetails))
                            ? schemas.For(typeof(HttpValidationProblemDetails))
                            : IsFile(contentType) ? new JsonObject { ["type"] = "string", ["contentMediaType"] = contentType } : schemas.For(metadata.Type),
                    };
                }
            }

            if (content.Count > 0)
            {
                response["content"] = content;
            }

            if (Headers(byStatus.Key) is { } headers)
            {
                response["headers"] = headers;
            }

            responses[byStatus.Key.ToString(CultureInfo.InvariantCulture)] = response;
        }

        return responses;
    }

    private static bool IsFile(string contentType) => !contentType.Contains("json", StringComparison.Ordinal);

    private static JsonObject? Headers(int status) => status switch
    {
        StatusCodes.Status503ServiceUnavailable => new JsonObject { ["Retry-After"] = new JsonObject { ["description"] = "Seconds to wait before retrying.", ["schema"] = new JsonObject { ["type"] = "integer" } } },
        StatusCodes.Status202Accepted or StatusCodes.Status302Found => new JsonObject { ["Location"] = new JsonObject { ["description"] = "Where to look next.", ["schema"] = new JsonObject { ["type"] = "string" } } },
        _ => null,
    };

    /// <summary>What a function says it answers: its typed results' own metadata, plus [ProducesResponseType] on it.</summary>
    public static IEnumerable<IProducesResponseTypeMetadata> Produces(MethodInfo method)
    {
        var returned = method.ReturnType;
        if (returned.IsGenericType && (returned.GetGenericTypeDefinition() == typeof(Task<>) || returned.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            returned = returned.GetGenericArguments()[0];
        }

        // A multi-output result answers HTTP with its [HttpResult] property.
        if (returned.GetProperties().FirstOrDefault(p => p.IsDefined(typeof(HttpResultAttribute))) is { } http)
        {
            returned = http.PropertyType;
        }

        var builder = new RouteEndpointBuilder(null, RoutePatternFactory.Parse("/"), 0);
        if (typeof(IEndpointMetadataProvider).IsAssignableFrom(returned))
        {
            typeof(OpenApiDocumentGenerator).GetMethod(nameof(Populate), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(returned).Invoke(null, [method, builder]);
        }

        return builder.Metadata.OfType<IProducesResponseTypeMetadata>().Concat(method.GetCustomAttributes<ProducesResponseTypeAttribute>().Select(Declared));
    }

    private static ProducesResponseTypeMetadata Declared(ProducesResponseTypeAttribute attribute)
    {
        var contentTypes = new Microsoft.AspNetCore.Mvc.Formatters.MediaTypeCollection();
        ((Microsoft.AspNetCore.Mvc.ApiExplorer.IApiResponseMetadataProvider)attribute).SetContentTypes(contentTypes);
        return new ProducesResponseTypeMetadata(attribute.StatusCode, attribute.Type == typeof(void) ? null : attribute.Type, [.. contentTypes]);
    }

    // Typed results implement the interface's static method explicitly; a generic call reaches it either way.
    private static void Populate<TResult>(MethodInfo method, EndpointBuilder builder) where TResult : IEndpointMetadataProvider =>
        TResult.PopulateMetadata(method, builder);

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex(@"\{\*?(?<name>[A-Za-z0-9_]+)(:[^}]*)?\??\}")]
    private static partial Regex RouteParameter();

    /// <summary>
    /// Schemas by type: the app's own records become named components, referenced wherever they appear; everything
    /// else is inline. Problems have fixed, hand-described shapes.
    /// </summary>
    private sealed class SchemaRegistry
    {
        private readonly JsonSerializerOptions options;
        private readonly JsonSchemaExporterOptions exporter;
        private readonly Dictionary<Type, string> names = [];

        public SchemaRegistry(JsonSerializerOptions options)
        {
            this.options = options;
            exporter = new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true, TransformSchemaNode = Transform };
            Components[Problem] = ProblemSchema(withErrors: false);
            Components[ValidationProblem] = ProblemSchema(withErrors: true);
            names[typeof(ProblemDetails)] = Problem;
            names[typeof(HttpValidationProblemDetails)] = ValidationProblem;
        }

        public JsonObject Components { get; } = [];

        public JsonNode For(Type type) => IsComponent(type) ? Reference(type) : Export(type);

        private JsonNode Export(Type type) => options.GetJsonSchemaAsNode(type, exporter);

        private JsonObject Reference(Type type)
        {
            if (!names.TryGetValue(type, out var name))
            {
                name = UniqueName(type);
                names[type] = name;
                Components[name] = Export(type);
            }

            return new JsonObject { ["$ref"] = $"#/components/schemas/{name}" };
        }

        private JsonNode Transform(JsonSchemaExporterContext context, JsonNode schema)
        {
            // "Any JSON" is written as {} rather than true: some OpenAPI tools cannot read boolean schemas.
            if (schema is JsonValue value && value.TryGetValue<bool>(out var any) && any)
            {
                schema = new JsonObject();
            }

            if (schema is JsonObject node && context.PropertyInfo?.AttributeProvider is { } attributes)
            {
                foreach (var annotation in attributes.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).Cast<ValidationAttribute>())
                {
                    Constrain(node, annotation);
                }

                if (attributes.GetCustomAttributes(typeof(DescriptionAttribute), inherit: true).FirstOrDefault() is DescriptionAttribute description)
                {
                    node["description"] = description.Description;
                }
            }

            var type = context.TypeInfo.Type;
            if (context.Path.Length == 0 || !IsComponent(type))
            {
                return schema;
            }

            var reference = Reference(type);
            var nullable = schema is JsonObject { } o && o["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null");
            return nullable ? new JsonObject { ["anyOf"] = new JsonArray(reference, new JsonObject { ["type"] = "null" }) } : reference;
        }

        private static bool IsComponent(Type type) =>
            type.IsClass && type != typeof(string) && !type.IsArray && !type.IsGenericType &&
            (type.Assembly.GetName().Name?.StartsWith("FashionFunctions", StringComparison.Ordinal) == true || type == typeof(ProblemDetails) || type == typeof(HttpValidationProblemDetails));

        private string UniqueName(Type type)
        {
            var name = type.Name;
            for (var i = 2; Components.ContainsKey(name); i++)
            {
                name = $"{type.Name}{i}";
            }

            return name;
        }

        private static JsonObject ProblemSchema(bool withErrors)
        {
            var properties = new JsonObject
            {
                ["type"] = new JsonObject { ["type"] = "string", ["format"] = "uri", ["description"] = "The problem type: one of this API's tag URIs (see docs/api.md)." },
                ["title"] = new JsonObject { ["type"] = "string" },
                ["status"] = new JsonObject { ["type"] = "integer" },
                ["detail"] = new JsonObject { ["type"] = "string" },
                ["traceId"] = new JsonObject { ["type"] = "string", ["description"] = "The request id, as echoed in x-request-id." },
            };
            if (withErrors)
            {
                properties["errors"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "Messages keyed by the parameter or JSON path they are about.",
                    ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                };
            }

            return new JsonObject
            {
                ["type"] = "object",
                ["required"] = new JsonArray("type", "title", "status", "detail", "traceId"),
                ["properties"] = properties,
            };
        }
    }
}
