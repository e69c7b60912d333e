using FashionFunctions.Http;
using FashionFunctions.OpenApi;
using FashionFunctions.Tests.Infrastructure;
using Microsoft.OpenApi;

namespace FashionFunctions.Tests.Contract;

[Collection(ImportedDatabase.Name)]
public sealed class OpenApiTests(ImportedDatabaseFixture fixture)
{
    [Fact]
    public async Task The_served_document_is_OpenAPI_3_1_without_errors_or_warnings()
    {
        await using var stream = await fixture.App.Http.GetStreamAsync("/api/openapi.json");

        var (document, diagnostic) = await OpenApiDocument.LoadAsync(stream, "json");

        Assert.Empty(diagnostic!.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Empty(diagnostic.Warnings.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        Assert.NotEmpty(document!.Paths);
    }

    [Fact]
    public async Task Every_http_function_is_documented_once_under_its_route_and_method()
    {
        var contract = await ApiContract.LoadAsync(fixture.App.Http);
        var prefix = HostJson.RoutePrefix(Path.Combine(AppContext.BaseDirectory, "host.json"));

        var served = HttpFunctionCatalog.All
            .SelectMany(f => f.Methods.Select(method => ($"{method} {OpenApiDocumentGenerator.Path(prefix, f.Route)}", f.Name)))
            .Order()
            .ToList();

        Assert.Equal(served, contract.Operations.Order().ToList());
    }

    [Fact]
    public async Task Anonymous_functions_and_only_those_waive_the_function_key()
    {
        var contract = await ApiContract.LoadAsync(fixture.App.Http);

        var waived = contract.Operations
            .Where(o => contract.Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(m => m.Value!))
                .Single(m => m!["operationId"]!.GetValue<string>() == o.OperationId)["security"] is System.Text.Json.Nodes.JsonArray { Count: 0 })
            .Select(o => o.OperationId)
            .Order();

        Assert.Equal(HttpFunctionCatalog.All.Where(f => f.IsAnonymous).Select(f => f.Name).Order(), waived);
        Assert.Equal(["GetHealth", "GetOpenApi", "GetUi", "GetUiFile"], waived);
    }

    [Fact]
    public async Task Every_operation_that_takes_parameters_documents_its_validation_problem()
    {
        var contract = await ApiContract.LoadAsync(fixture.App.Http);

        foreach (var function in HttpFunctionCatalog.All.Where(f => f.RequestRecords.Count > 0))
        {
            var operation = contract.Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(m => m.Value!))
                .Single(m => m["operationId"]!.GetValue<string>() == function.Name);
            Assert.Equal("#/components/schemas/ValidationProblem",
                operation["responses"]!["400"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
        }
    }
}
