using System.Net;
using FashionFunctions.Core.Training;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Runtime;

/// <summary>Every HTTP invocation runs through the app's worker middlewares, as registered in Program.cs.</summary>
[Collection(ImportedDatabase.Name)]
public sealed class WorkerMiddlewareTests(ImportedDatabaseFixture fixture)
{
    [Fact]
    public async Task A_request_id_is_echoed_and_one_is_made_when_the_caller_sends_none()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/categories");
        request.Headers.Add("x-request-id", "trace-42");

        var given = await fixture.App.Http.SendAsync(request);
        var made = await fixture.App.Http.GetAsync("/api/categories");

        Assert.Equal("trace-42", Assert.Single(given.Headers.GetValues("x-request-id")));
        Assert.True(Guid.TryParse(Assert.Single(made.Headers.GetValues("x-request-id")), out _));
    }

    [Theory]
    [InlineData("/api/images/Testing/99999")]
    [InlineData("/api/images?limit=0")]
    [InlineData("/api/ui/does-not-exist.js")]
    public async Task Problems_and_404s_carry_the_security_headers(string url)
    {
        var response = await fixture.App.Http.GetAsync(url);

        Assert.True((int)response.StatusCode is >= 400 and < 500);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains("default-src 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task A_long_unknown_name_is_not_echoed_back()
    {
        var name = new string('a', 5_000) + ".js";

        var response = await fixture.App.Http.GetAsync($"/api/ui/{name}");

        var problem = await Foundation.ExploreApiTests.AssertProblem(response, HttpStatusCode.NotFound);
        Assert.InRange(problem.GetRawText().Length, 1, 1_000);
    }

    [Fact]
    public async Task A_retrain_while_storage_is_unreachable_answers_503_and_records_nothing()
    {
        var nowhere = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:{TestEnvironment.FreePort()}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{TestEnvironment.FreePort()}/devstoreaccount1;";
        await using var app = await FashionApp.StartAsync(fixture.Database, new Dictionary<string, string?> { ["AzureWebJobsStorage"] = nowhere });
        var before = await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM retrain_requests");

        var response = await app.Http.PostAsync("/api/models/retrain",
            new StringContent("{\"requestId\":\"never-enqueued\"}", System.Text.Encoding.UTF8, "application/json"));

        var problem = await Foundation.ExploreApiTests.AssertProblem(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Storage", problem.GetProperty("detail").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(before, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM retrain_requests"));
        Assert.Null(await app.Get<RetrainRequests>().GetAsync("never-enqueued", CancellationToken.None));
    }
}
