namespace FashionFunctions.OpenApi;

/// <summary>
/// A body a function reads itself (not through a request record): its media type and, for JSON, its shape. For the API
/// description only; a function may carry several.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class AcceptsBodyAttribute(string contentType, Type? schema = null) : Attribute
{
    public string ContentType { get; } = contentType;

    /// <summary>The JSON shape; null means opaque bytes (an image), or for multipart, one file field.</summary>
    public Type? Schema { get; } = schema;

    /// <summary>For multipart/form-data: the name of the file field.</summary>
    public string? FileField { get; init; }

    /// <summary>The body limit, in bytes, stated in the description (the function enforces it).</summary>
    public string? LimitSetting { get; init; }
}
