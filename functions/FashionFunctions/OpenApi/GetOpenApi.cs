using System.Reflection;
using System.Text.Json;

namespace FashionFunctions.OpenApi;

public sealed class GetOpenApi
{
    private static readonly Lazy<string> Document = new(() =>
        OpenApiDocumentGenerator.Generate(HttpFunctionCatalog.All, HostJson.RoutePrefix(Path.Combine(AppContext.BaseDirectory, "host.json")), Version)
            .ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    private static string Version =>
        typeof(GetOpenApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0";

    [Function(nameof(GetOpenApi))]
    [EndpointSummary("This document: the OpenAPI 3.1 description of every HTTP function, generated from the code")]
    [ProducesResponseType(typeof(System.Text.Json.Nodes.JsonObject), StatusCodes.Status200OK, "application/json")]
    public ContentHttpResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        TypedResults.Text(Document.Value, "application/json");
}
