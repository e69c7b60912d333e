using System.Net;
using FashionFunctions.Tests.Foundation;
using FashionFunctions.Tests.Infrastructure;

namespace FashionFunctions.Tests.Production;

/// <summary>Attacks on the exploration API's string parameters: each is refused, and nothing stored changes.</summary>
[Collection(ImportedDatabase.Name)]
public sealed class HostileInputTests(ImportedDatabaseFixture fixture)
{
    public static TheoryData<string> Injections => new()
    {
        "/api/images?use=1%20OR%201=1",
        "/api/images?use=Training';DROP%20TABLE%20tf_images;--",
        "/api/images?label=0%20OR%201=1",
        "/api/images?label=Bag'%20UNION%20SELECT%20img_blob%20FROM%20tf_images--",
        "/api/images?limit=5;DELETE%20FROM%20tf_images",
        "/api/images?offset=0)%20OR%20(1=1",
        "/api/images/Training'%20OR%20'1'='1/0",
        "/api/images/1/0%20OR%201=1",
        "/api/images/1/0;DROP%20TABLE%20categories/png",
        "/api/images/2/0x10/vector",
        "/api/stats/distribution?format=png';--",
    };

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task SQL_injection_attempts_get_400_and_change_nothing(string url)
    {
        var before = await Fingerprint();

        var response = await fixture.App.Http.GetAsync(url);

        await ExploreApiTests.AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(before, await Fingerprint());
    }

    [Theory]
    [InlineData("/api/images?offset=100001")]
    [InlineData("/api/images?offset=2147483648")]
    [InlineData("/api/images?limit=100000")]
    public async Task Deep_pagination_is_refused(string url)
    {
        await ExploreApiTests.AssertProblem(await fixture.App.Http.GetAsync(url), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_very_long_parameter_is_refused_not_echoed_into_a_query()
    {
        var response = await fixture.App.Http.GetAsync("/api/images?label=" + new string('A', 8000));

        await ExploreApiTests.AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.True((await response.Content.ReadAsStringAsync()).Length < 1000);
    }

    private Task<string> Fingerprint() => fixture.Database.ScalarAsync<string>(
        "SELECT CONCAT((SELECT COUNT(*) FROM tf_images), '/', (SELECT COUNT(*) FROM categories), '/', (SELECT COUNT(*) FROM img_use))");
}
