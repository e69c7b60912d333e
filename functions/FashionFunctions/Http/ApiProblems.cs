using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace FashionFunctions.Http;

/// <summary>
/// A kind of problem this API reports. Its URI is a stable identifier (a tag URI, RFC 4151), not a link: clients match
/// on it, and docs/api.md lists what each means.
/// </summary>
public sealed record ProblemType(string Name, int Status, string Title)
{
    public string Uri => $"tag:fashionfunctions,2026:problem:{Name}";

    public static readonly ProblemType Validation = new("validation", StatusCodes.Status400BadRequest, "The request is not valid");
    public static readonly ProblemType BadImage = new("bad-image", StatusCodes.Status400BadRequest, "The image cannot be used");
    public static readonly ProblemType NotFound = new("not-found", StatusCodes.Status404NotFound, "Not found");
    public static readonly ProblemType Conflict = new("conflict", StatusCodes.Status409Conflict, "Conflict");
    public static readonly ProblemType PayloadTooLarge = new("payload-too-large", StatusCodes.Status413PayloadTooLarge, "Payload too large");
    public static readonly ProblemType UnsupportedMediaType = new("unsupported-media-type", StatusCodes.Status415UnsupportedMediaType, "Unsupported media type");
    public static readonly ProblemType Unavailable = new("unavailable", StatusCodes.Status503ServiceUnavailable, "Service unavailable");

    public static IReadOnlyList<ProblemType> All { get; } = [Validation, BadImage, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType, Unavailable];
}

/// <summary>An RFC 7807 problem answer, written as application/problem+json with the request's trace id.</summary>
public class ProblemResult(ProblemType type, string detail, IDictionary<string, string[]>? errors = null)
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>, IContentTypeHttpResult
{
    public const string ContentType = "application/problem+json";

    public ProblemType Type { get; } = type;

    public ProblemDetails Value { get; } = errors is null
        ? new ProblemDetails { Type = type.Uri, Title = type.Title, Status = type.Status, Detail = detail }
        : new HttpValidationProblemDetails(errors) { Type = type.Uri, Title = type.Title, Status = type.Status, Detail = detail };

    object? IValueHttpResult.Value => Value;

    public int? StatusCode => Type.Status;

    string? IContentTypeHttpResult.ContentType => ContentType;

    /// <summary>Headers to send with the problem, e.g. Retry-After.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        Value.Extensions["traceId"] = RequestIds.Of(httpContext);
        httpContext.Response.StatusCode = Type.Status;
        httpContext.Response.ContentType = ContentType;
        foreach (var (name, value) in Headers)
        {
            httpContext.Response.Headers[name] = value;
        }

        await JsonSerializer.SerializeAsync(httpContext.Response.Body, Value, Value.GetType(), FashionJson.Web, httpContext.RequestAborted);
    }

    /// <summary>How typed problem results describe themselves to the API description.</summary>
    protected static void Describe(EndpointBuilder builder, int status, Type body) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, body, [ContentType]));
}

/// <summary>Values a function found invalid itself (one that needs a service to check, such as a callback's address).</summary>
public sealed class InvalidRequestProblem(IDictionary<string, string[]> errors)
    : ProblemResult(ProblemType.Validation, errors.Count == 1 ? errors.First().Value[0] : $"{errors.Sum(e => e.Value.Length)} values are not valid; see errors.", errors),
      IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails));
}

public sealed class NotFoundProblem(string detail) : ProblemResult(ProblemType.NotFound, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status404NotFound, typeof(ProblemDetails));
}

public sealed class ConflictProblem(string detail) : ProblemResult(ProblemType.Conflict, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status409Conflict, typeof(ProblemDetails));
}

/// <summary>A 400 for a request that binds but cannot be served as asked (an image that does not decode, say).</summary>
public sealed class BadRequestProblem(ProblemType type, string detail) : ProblemResult(type, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status400BadRequest, typeof(ProblemDetails));
}

public sealed class PayloadTooLargeProblem(string detail) : ProblemResult(ProblemType.PayloadTooLarge, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails));
}

public sealed class UnsupportedMediaTypeProblem(string detail) : ProblemResult(ProblemType.UnsupportedMediaType, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails));
}

/// <summary>The service's problems, built in one place so every one has its type, title and trace id.</summary>
public static class ApiProblems
{
    public static InvalidRequestProblem Validation(IDictionary<string, string[]> errors) => new(errors);

    public static PayloadTooLargeProblem PayloadTooLarge(int limit) => new($"The body is over this route's {limit:N0}-byte limit.");

    public static UnsupportedMediaTypeProblem UnsupportedMediaType(string detail) => new(detail);

    public static ProblemResult Unavailable(string detail, int retryAfterSeconds = 5)
    {
        var problem = new ProblemResult(ProblemType.Unavailable, detail);
        problem.Headers["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return problem;
    }
}

/// <summary>The id a request is known by in logs: the one the request-id middleware echoed, else the server's own.</summary>
public static class RequestIds
{
    public static string Of(HttpContext http) =>
        http.Response.Headers[RequestLogScopeMiddleware.Header] is { Count: > 0 } echoed ? echoed.ToString() : http.TraceIdentifier;
}
