using System.Reflection;
using FashionFunctions.Core.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace FashionFunctions.Health;

/// <summary>The health report with 503, so load balancers and probes see the failure in the status alone.</summary>
public sealed class UnhealthyReport(HealthReport report) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status503ServiceUnavailable;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(HealthReport), ["application/json"]));
}
