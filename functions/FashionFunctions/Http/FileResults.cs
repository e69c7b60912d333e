using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace FashionFunctions.Http;

/// <summary>A PNG answer that describes itself (200, image/png) to the API description.</summary>
public sealed class PngFile(byte[] png) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public const string MediaType = "image/png";

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => MediaType;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.File(png, MediaType).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(byte[]), [MediaType]));
}

/// <summary>An SVG answer that describes itself (200, image/svg+xml).</summary>
public sealed class SvgDocument(string svg) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public const string MediaType = "image/svg+xml";

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => MediaType;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Text(svg, MediaType).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), [MediaType]));
}
