using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Serialization;
using System.Text.Json;

namespace FashionFunctions.Core;

/// <summary>
/// The one JSON shape of the service, shared by HTTP answers, queue messages, stored JSON columns and the CLI's --json:
/// camelCase names, enums as names, and nullable annotations respected both ways, so what the API description says
/// about null is what is written and read.
/// </summary>
public static class FashionJson
{
    /// <summary>For answers and stored JSON.</summary>
    public static JsonSerializerOptions Web { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() });

    /// <summary>
    /// For what clients and queues send: unknown members, duplicate members and numbers in strings are refused rather
    /// than silently ignored or guessed.
    /// </summary>
    public static JsonSerializerOptions Requests { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        MaxDepth = 16,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    });

    /// <summary>Applies the service's conventions to options someone else owns (e.g. ASP.NET Core's).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.RespectNullableAnnotations = true;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return options;
    }
}
