using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;

namespace FashionFunctions.Http;

/// <summary>What binding a request record gave: the record, or every error keyed by its parameter, or a body problem.</summary>
public sealed record BindingResult(object? Value, IDictionary<string, string[]> Errors, IResult? BodyProblem)
{
    public bool Succeeded => Errors.Count == 0 && BodyProblem is null;
}

/// <summary>
/// Fills a request record from the route, the query string, headers and a JSON body, as its properties'
/// [FromRoute]/[FromQuery]/[FromHeader]/[FromBody] attributes say, then validates it with its data annotations. Every
/// failure is collected, keyed by the name the client used, so one answer lists them all.
/// </summary>
public static class RequestRecordBinder
{
    private static readonly ConcurrentDictionary<Type, RecordShape> Shapes = new();

    public static async Task<BindingResult> BindAsync(Type recordType, HttpRequest request, CancellationToken ct)
    {
        var shape = Shapes.GetOrAdd(recordType, RecordShape.For);
        var record = Activator.CreateInstance(recordType)!;
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var parameter in shape.Parameters)
        {
            if (parameter.Source == RequestSource.Body)
            {
                var body = await RequestBodies.ReadJsonAsync(request, parameter, ct);
                if (body.Problem is not null)
                {
                    return new BindingResult(null, new Dictionary<string, string[]>(), body.Problem);
                }

                if (body.Errors.Count > 0)
                {
                    Merge(errors, body.Errors);
                }
                else if (body.Value is not null)
                {
                    parameter.Property.SetValue(record, body.Value);
                    Merge(errors, DataAnnotations.Validate(body.Value, prefix: ""));
                }

                continue;
            }

            var raw = parameter.Read(request);
            if (string.IsNullOrEmpty(raw))
            {
                continue;
            }

            if (ValueParsers.TryParse(parameter.ValueType, raw, out var value, out var expected))
            {
                parameter.Property.SetValue(record, value);
            }
            else
            {
                Add(errors, parameter.Name, $"{parameter.Describe()} must be {expected}; got {InputEcho.Quote(raw)}.");
            }
        }

        foreach (var parameter in shape.Parameters.Where(p => p.Source != RequestSource.Body && !errors.ContainsKey(p.Name)))
        {
            foreach (var message in parameter.Check(parameter.Property.GetValue(record), parameter.Read(request)))
            {
                Add(errors, parameter.Name, message);
            }
        }

        return new BindingResult(errors.Count == 0 ? record : null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), null);
    }

    /// <summary>The parameters a record takes, as an API description reads them.</summary>
    public static IReadOnlyList<RequestParameter> Describe(Type recordType) => Shapes.GetOrAdd(recordType, RecordShape.For).Parameters;

    private static void Merge(Dictionary<string, List<string>> errors, IEnumerable<KeyValuePair<string, string>> more)
    {
        foreach (var (key, message) in more)
        {
            Add(errors, key, message);
        }
    }

    private static void Add(Dictionary<string, List<string>> errors, string key, string message)
    {
        if (!errors.TryGetValue(key, out var list))
        {
            errors[key] = list = [];
        }

        list.Add(message);
    }

    private sealed record RecordShape(IReadOnlyList<RequestParameter> Parameters)
    {
        public static RecordShape For(Type type)
        {
            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new InvalidOperationException($"Request record {type.Name} needs a parameterless constructor (init-only properties with defaults).");
            }

            return new RecordShape([.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(RequestParameter.For)
                .OfType<RequestParameter>()]);
        }
    }
}

public enum RequestSource { Route, Query, Header, Body }

/// <summary>One property of a request record: where its value comes from, under which name, with which limits.</summary>
public sealed class RequestParameter
{
    private RequestParameter(PropertyInfo property, RequestSource source, string name)
    {
        Property = property;
        Source = source;
        Name = name;
        ValueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        Annotations = [.. property.GetCustomAttributes<ValidationAttribute>()];
        Description = property.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description;
        BodyLimit = property.GetCustomAttribute<BodyLimitAttribute>()?.Bytes ?? BodyLimitAttribute.DefaultBytes;
        Required = Source == RequestSource.Route || Annotations.OfType<RequiredAttribute>().Any();
    }

    public PropertyInfo Property { get; }

    public RequestSource Source { get; }

    /// <summary>The name the client writes: the attribute's Name, else the property's name in camelCase.</summary>
    public string Name { get; }

    public Type ValueType { get; }

    public IReadOnlyList<ValidationAttribute> Annotations { get; }

    public string? Description { get; }

    public bool Required { get; }

    public int BodyLimit { get; }

    internal static RequestParameter? For(PropertyInfo property)
    {
        var camel = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
        return property.GetCustomAttributes().FirstOrDefault(a => a is FromRouteAttribute or FromQueryAttribute or FromHeaderAttribute or FromBodyAttribute) switch
        {
            FromRouteAttribute route => new RequestParameter(property, RequestSource.Route, route.Name ?? camel),
            FromQueryAttribute query => new RequestParameter(property, RequestSource.Query, query.Name ?? camel),
            FromHeaderAttribute header => new RequestParameter(property, RequestSource.Header, header.Name ?? camel),
            FromBodyAttribute => new RequestParameter(property, RequestSource.Body, "body"),
            _ => null,
        };
    }

    internal string? Read(HttpRequest request) => Source switch
    {
        RequestSource.Route => request.HttpContext.GetRouteValue(Name)?.ToString(),
        RequestSource.Query => request.Query.TryGetValue(Name, out var values) ? values.ToString() : null,
        RequestSource.Header => request.Headers.TryGetValue(Name, out var values) ? values.ToString() : null,
        _ => null,
    };

    internal string Describe() => Source switch
    {
        RequestSource.Route => $"Route value '{Name}'",
        RequestSource.Query => $"Query parameter '{Name}'",
        RequestSource.Header => $"Header '{Name}'",
        _ => "The body",
    };

    /// <summary>The data annotations, with messages naming the parameter as the client spelled it.</summary>
    internal IEnumerable<string> Check(object? value, string? raw)
    {
        foreach (var annotation in Annotations)
        {
            if (annotation is RequiredAttribute && !string.IsNullOrEmpty(raw))
            {
                continue;
            }

            if (!annotation.IsValid(value))
            {
                yield return $"{Describe()} {DataAnnotations.Explain(annotation)}" + (raw is null ? "." : $"; got {InputEcho.Quote(raw)}.");
            }
        }
    }
}

/// <summary>The most bytes a [FromBody] value may have; a larger body is answered 413 before it is parsed.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class BodyLimitAttribute(int bytes) : Attribute
{
    public const int DefaultBytes = 64 * 1024;

    public int Bytes { get; } = bytes;
}

/// <summary>Data annotations over a parsed body (and the objects inside it), keyed by JSON path.</summary>
public static class DataAnnotations
{
    public static IEnumerable<KeyValuePair<string, string>> Validate(object instance, string prefix)
    {
        var type = instance.GetType();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = prefix + JsonName(property);
            var value = property.GetValue(instance);
            foreach (var annotation in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (!annotation.IsValid(value))
                {
                    yield return new(name, $"'{name}' {Explain(annotation)}.");
                }
            }

            if (value is not null && IsOwnRecord(property.PropertyType))
            {
                foreach (var nested in Validate(value, name + "."))
                {
                    yield return nested;
                }
            }
        }

        if (instance is IValidatableObject validatable)
        {
            foreach (var result in validatable.Validate(new ValidationContext(instance)))
            {
                var member = result.MemberNames.FirstOrDefault();
                var key = member is null ? (prefix.Length == 0 ? "body" : prefix.TrimEnd('.')) : prefix + JsonNamingPolicy.CamelCase.ConvertName(member);
                yield return new(key, result.ErrorMessage ?? "is invalid.");
            }
        }
    }

    /// <summary>A sentence end such as "must be from 1 to 500", from the attribute's own limits.</summary>
    public static string Explain(ValidationAttribute annotation) => annotation switch
    {
        RangeAttribute range => $"must be from {Format(range.Minimum)} to {Format(range.Maximum)}",
        StringLengthAttribute length when length.MinimumLength > 0 => $"must be {length.MinimumLength} to {length.MaximumLength} characters",
        StringLengthAttribute length => $"must be at most {length.MaximumLength} characters",
        MaxLengthAttribute length => $"must have at most {length.Length} items",
        MinLengthAttribute length => $"must have at least {length.Length} items",
        RequiredAttribute => "is required",
        _ => annotation.ErrorMessage ?? "is invalid",
    };

    private static string Format(object value) => value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString()!;

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static bool IsOwnRecord(Type type) =>
        type.Assembly == typeof(DataAnnotations).Assembly || type.Assembly == typeof(FashionClasses).Assembly
            ? type.IsClass && type != typeof(string)
            : false;
}
