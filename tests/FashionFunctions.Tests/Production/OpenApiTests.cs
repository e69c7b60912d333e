using System.Text.RegularExpressions;
using FashionFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi.Readers;

namespace FashionFunctions.Tests.Production;

[Collection(ImportedDatabase.Name)]
public sealed partial class OpenApiTests(ImportedDatabaseFixture fixture)
{
    [Fact]
    public async Task The_document_is_valid_OpenAPI_3()
    {
        await using var stream = await fixture.App.Http.GetStreamAsync("/api/openapi.json");

        var document = new OpenApiStreamReader().Read(stream, out var diagnostic);

        Assert.Empty(diagnostic.Errors);
        Assert.Equal(Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0, diagnostic.SpecificationVersion);
        Assert.NotEmpty(document.Paths);
    }

    [Fact]
    public async Task Every_http_function_is_documented_and_every_documented_operation_exists()
    {
        await using var stream = await fixture.App.Http.GetStreamAsync("/api/openapi.json");
        var document = new OpenApiStreamReader().Read(stream, out _);
        var documented = document.Paths
            .SelectMany(path => path.Value.Operations.Keys.Select(method => $"{method.ToString().ToUpperInvariant()} {path.Key}"))
            .Order()
            .ToList();

        var served = ServedRoutes()
            .SelectMany(route => route.Methods.Select(method => $"{method} {Normalize(route.Pattern)}"))
            .Order()
            .ToList();

        Assert.Equal(served, documented);
    }

    [Fact]
    public void Every_documented_operation_names_its_function()
    {
        var functions = ServedRoutes().Select(route => route.Function).ToHashSet();
        using var stream = typeof(FashionServices).Assembly.GetManifestResourceStream("FashionFunctions.OpenApi.openapi.json")!;

        var document = new OpenApiStreamReader().Read(stream, out _);

        Assert.All(document.Paths.SelectMany(p => p.Value.Operations.Values), operation => Assert.Contains(operation.OperationId, functions));
    }

    /// <summary>What the local host serves: each HTTP function's route, methods and name.</summary>
    private IEnumerable<(string Pattern, IReadOnlyList<string> Methods, string Function)> ServedRoutes() =>
        fixture.App.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(endpoint => (
            "/" + endpoint.RoutePattern.RawText!.TrimStart('/'),
            endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [],
            endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName));

    /// <summary>Route constraints and catch-alls are routing details; OpenAPI names only the parameter.</summary>
    private static string Normalize(string route) => RouteParameter().Replace(route, m => "{" + m.Groups["name"].Value + "}");

    [GeneratedRegex(@"\{\*?(?<name>[A-Za-z0-9_]+)(:[^}]*)?\??\}")]
    private static partial Regex RouteParameter();
}
