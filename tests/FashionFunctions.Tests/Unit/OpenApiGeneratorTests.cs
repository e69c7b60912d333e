using FashionFunctions.Http;
using FashionFunctions.OpenApi;

namespace FashionFunctions.Tests.Unit;

public sealed class OpenApiGeneratorTests
{
    [Fact]
    public void Optional_values_are_nullable_and_required_ones_are_not()
    {
        var document = OpenApiDocumentGenerator.Generate(HttpFunctionCatalog.All, "api", "1.0.0");

        var model = document["components"]!["schemas"]!["ModelVersion"]!;
        Assert.Equal("[\"string\",\"null\"]", model["properties"]!["error"]!["type"]!.ToJsonString());
        Assert.Equal("\"integer\"", model["properties"]!["version"]!["type"]!.ToJsonString());
        Assert.Equal("date-time", model["properties"]!["createdAt"]!["format"]!.GetValue<string>());
    }

    [Fact]
    public void Query_limits_and_defaults_come_from_the_request_records()
    {
        var document = OpenApiDocumentGenerator.Generate(HttpFunctionCatalog.All, "api", "1.0.0");

        var limit = document["paths"]!["/api/images"]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "limit")!;
        Assert.Equal(1, limit["schema"]!["minimum"]!.GetValue<double>());
        Assert.Equal(500, limit["schema"]!["maximum"]!.GetValue<double>());
        Assert.Equal(20, limit["schema"]!["default"]!.GetValue<int>());
        Assert.False(limit["required"]!.GetValue<bool>());
    }
}
