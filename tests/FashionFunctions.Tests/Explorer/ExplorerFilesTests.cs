using System.Net;
using FashionFunctions.Tests.Infrastructure;

namespace FashionFunctions.Tests.Explorer;

/// <summary>How the explorer page and its files are served: without a key, typed, cached, and nothing else reachable.</summary>
[Collection(ImportedDatabase.Name)]
public sealed class ExplorerFilesTests(ImportedDatabaseFixture fixture)
{
    private HttpClient Http => fixture.App.Http;

    [Fact]
    public async Task The_page_loads_without_a_key_under_a_self_only_content_security_policy()
    {
        using var response = await Http.GetAsync("/api/ui");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Contains("<script type=\"module\" src=\"ui/app.js\">", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("app.js", "text/javascript")]
    [InlineData("api.js", "text/javascript")]
    [InlineData("styles.css", "text/css")]
    [InlineData("icon.svg", "image/svg+xml")]
    public async Task Each_file_has_its_content_type_and_may_be_cached(string file, string contentType)
    {
        using var response = await Http.GetAsync($"/api/ui/{file}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.True(response.Headers.CacheControl?.MaxAge > TimeSpan.Zero);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task A_file_the_browser_already_has_is_not_sent_again()
    {
        using var first = await Http.GetAsync("/api/ui/app.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/ui/app.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await Http.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_trailing_slash_redirects_to_the_page()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Http.BaseAddress };

        using var response = await client.GetAsync("/api/ui/");

        Assert.True((int)response.StatusCode is >= 300 and < 400);
        Assert.Equal("/api/ui", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("missing.js")]
    [InlineData("Explorer/wwwroot/app.js")]
    [InlineData("APP.JS")]
    [InlineData("..%2f..%2fhost.json")]
    [InlineData("..%5c..%5chost.json")]
    [InlineData("%2fetc%2fpasswd")]
    public async Task Unknown_files_get_a_404_problem(string path)
    {
        using var response = await Http.SendAsync(AsWritten(path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("The explorer has no file", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("../../host.json")]
    [InlineData("%2e%2e/%2e%2e/host.json")]
    [InlineData("%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("../api/health")]
    public async Task Dot_segments_never_reach_a_file_beside_the_page(string path)
    {
        using var response = await Http.SendAsync(AsWritten(path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("routePrefix", body);
        Assert.DoesNotContain("root:", body);
    }

    /// <summary>The request exactly as written: HttpClient would otherwise resolve the dot segments itself.</summary>
    private HttpRequestMessage AsWritten(string path) =>
        new(HttpMethod.Get, new Uri($"{Http.BaseAddress}api/ui/{path}", new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
}
