using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using FashionFunctions.Core.Images;
using FashionFunctions.Tests.Infrastructure;

namespace FashionFunctions.Tests.Foundation;

/// <summary>Every exploration function through real HTTP on the local host, over the imported database.</summary>
[Collection(ImportedDatabase.Name)]
public sealed class ExploreApiTests(ImportedDatabaseFixture fixture)
{
    private HttpClient Http => fixture.App.Http;

    [Fact]
    public async Task Uses_lists_training_testing_and_feedback()
    {
        var uses = await Http.GetFromJsonAsync<JsonElement>("/api/uses");

        Assert.Equal(["Training", "Testing", "Feedback"], uses.EnumerateArray().Select(u => u.GetProperty("useName").GetString()));
    }

    [Fact]
    public async Task Categories_lists_the_ten_classes()
    {
        var categories = await Http.GetFromJsonAsync<JsonElement>("/api/categories");

        Assert.Equal(FashionClasses.Names, categories.EnumerateArray().Select(c => c.GetProperty("className").GetString()));
    }

    [Fact]
    public async Task Images_filters_by_use_and_class_name_and_pages()
    {
        var first = await Http.GetFromJsonAsync<JsonElement>("/api/images?use=testing&label=Ankle%20boot&limit=3");
        var second = await Http.GetFromJsonAsync<JsonElement>("/api/images?use=2&label=9&limit=3&offset=3");

        Assert.Equal(1000, first.GetProperty("total").GetInt64());
        var items = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(6, items.Count);
        Assert.All(items, i => Assert.Equal("Ankle boot", i.GetProperty("className").GetString()));
        Assert.All(items, i => Assert.Equal("Testing", i.GetProperty("useName").GetString()));
        var idx = items.Select(i => i.GetProperty("idx").GetInt64()).ToList();
        Assert.Equal(idx.Order(), idx);
        Assert.Equal(6, idx.Distinct().Count());
        Assert.Equal(0, idx[0]);
    }

    [Fact]
    public async Task Images_defaults_to_twenty_and_links_to_the_png_and_vector()
    {
        var page = await Http.GetFromJsonAsync<JsonElement>("/api/images");

        Assert.Equal(70_000, page.GetProperty("total").GetInt64());
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(20, items.Count);
        var png = await Http.GetAsync(items[0].GetProperty("links").GetProperty("png").GetString());
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var vector = await Http.GetFromJsonAsync<float[]>(items[0].GetProperty("links").GetProperty("vector").GetString());
        Assert.Equal(GrayscalePng.PixelCount, vector!.Length);
    }

    [Fact]
    public async Task One_image_answers_its_metadata_png_and_vector_for_any_spelling_of_the_use()
    {
        var metadata = await Http.GetFromJsonAsync<JsonElement>("/api/images/TESTING/0");
        var png = await Http.GetByteArrayAsync("/api/images/2/0/png");
        var vector = await Http.GetFromJsonAsync<float[]>("/api/images/testing/0/vector");

        Assert.Equal("Ankle boot", metadata.GetProperty("className").GetString());
        Assert.Equal(9, metadata.GetProperty("label").GetInt32());
        Assert.Equal(GrayscalePng.Decode(png).Select(p => p / 255f), vector);
    }

    [Fact]
    public async Task Distribution_counts_each_class_and_draws_the_chart()
    {
        var rows = await Http.GetFromJsonAsync<JsonElement>("/api/stats/distribution");
        var png = await Http.GetAsync("/api/stats/distribution?format=png");
        var svg = await Http.GetAsync("/api/stats/distribution?format=svg");

        Assert.Equal(FashionClasses.Count, rows.GetArrayLength());
        Assert.All(rows.EnumerateArray(), r =>
        {
            Assert.Equal(6000, r.GetProperty("training").GetInt64());
            Assert.Equal(1000, r.GetProperty("testing").GetInt64());
        });
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await png.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        var svgText = await svg.Content.ReadAsStringAsync();
        Assert.Contains("<svg", svgText);
        Assert.Contains("Ankle boot", svgText);
    }

    [Fact]
    public async Task Health_reports_the_schema_the_counts_and_blob_storage()
    {
        var response = await Http.GetAsync("/api/health");
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(health.GetProperty("healthy").GetBoolean());
        Assert.Equal(60_000, health.GetProperty("database").GetProperty("trainingImages").GetInt64());
        Assert.Equal(10_000, health.GetProperty("database").GetProperty("testingImages").GetInt64());
        Assert.False(string.IsNullOrEmpty(health.GetProperty("database").GetProperty("schemaVersion").GetString()));
        Assert.True(health.GetProperty("blobStorage").GetProperty("reachable").GetBoolean());
    }

    [Theory]
    [InlineData("/api/images?use=Validation")]
    [InlineData("/api/images?use=4")]
    [InlineData("/api/images?label=Hat")]
    [InlineData("/api/images?label=10")]
    [InlineData("/api/images?label=-1")]
    [InlineData("/api/images?limit=501")]
    [InlineData("/api/images?limit=0")]
    [InlineData("/api/images?limit=ten")]
    [InlineData("/api/images?offset=-1")]
    [InlineData("/api/images?offset=99999999999")]
    [InlineData("/api/images?use=1%27%20OR%20%271%27=%271")]
    [InlineData("/api/images/Validation/0")]
    [InlineData("/api/images/0/0")]
    [InlineData("/api/images/Testing/-1")]
    [InlineData("/api/images/Testing/abc")]
    [InlineData("/api/images/Testing/99999999999")]
    [InlineData("/api/images/Testing/1.5/png")]
    [InlineData("/api/images/Training/x/vector")]
    [InlineData("/api/stats/distribution?format=gif")]
    public async Task Bad_parameters_get_400_with_a_problem_body(string url)
    {
        var response = await Http.GetAsync(url);

        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/images/Testing/10000")]
    [InlineData("/api/images/Training/60000/png")]
    [InlineData("/api/images/1/9999999/vector")]
    public async Task A_missing_image_gets_404_with_a_problem_body(string url)
    {
        var response = await Http.GetAsync(url);

        await AssertProblem(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Health_answers_503_when_blob_storage_is_unreachable()
    {
        // Azurite's published development account, pointed at a port nothing listens on.
        const string unreachable = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;";
        await using var app = await FashionApp.StartAsync(fixture.Database, new Dictionary<string, string?> { ["AzureWebJobsStorage"] = unreachable });

        var response = await app.Http.GetAsync("/api/health");
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(health.GetProperty("database").GetProperty("reachable").GetBoolean());
        Assert.False(health.GetProperty("blobStorage").GetProperty("reachable").GetBoolean());
    }

    internal static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }
}
