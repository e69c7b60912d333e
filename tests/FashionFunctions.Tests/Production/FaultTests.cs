using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FashionFunctions.Data;
using FashionFunctions.Dataset;
using FashionFunctions.Tests.Foundation;
using FashionFunctions.Tests.Infrastructure;

namespace FashionFunctions.Tests.Production;

/// <summary>Real faults against real services: each leaves no data lost or duplicated.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task When_MariaDB_dies_the_api_answers_503_and_recovers_by_itself_when_it_is_back()
    {
        await using var mariadb = await PrivateMariaDb.StartAsync("ml");
        await using var app = await FashionApp.StartAsync(mariadb.ConnectionString("ml"));
        await app.Get<SchemaMigrator>().MigrateAsync(CancellationToken.None);
        await app.Get<DatasetImporter>().ImportAsync(DatasetSource.Parse(TestEnvironment.DatasetFolder), null, CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync("/api/images/Testing/0")).StatusCode);

        await mariadb.KillAsync();

        foreach (var url in new[] { "/api/uses", "/api/categories", "/api/images?limit=5", "/api/images/Testing/0/png", "/api/stats/distribution" })
        {
            var response = await app.Http.GetAsync(url);
            await ExploreApiTests.AssertProblem(response, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(response.Headers.RetryAfter);
        }

        var health = await app.Http.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.False((await health.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("database").GetProperty("reachable").GetBoolean());

        await mariadb.RestartAsync();

        var again = await app.Http.GetFromJsonAsync<JsonElement>("/api/images/Testing/0");
        Assert.Equal("Ankle boot", again.GetProperty("className").GetString());
        var distribution = await app.Http.GetFromJsonAsync<JsonElement>("/api/stats/distribution");
        Assert.Equal(70_000, distribution.EnumerateArray().Sum(r => r.GetProperty("training").GetInt64() + r.GetProperty("testing").GetInt64()));
    }

    [Fact]
    public async Task An_import_killed_half_way_and_run_again_ends_with_exactly_70000_rows()
    {
        await using var database = await TestDatabase.CreateAsync("killedimport");
        var admin = AdminCli.Start(database.ConnectionString, "import", "--from", TestEnvironment.DatasetFolder);

        var rows = 0L;
        var deadline = Stopwatch.StartNew();
        while (rows < 5_000 && deadline.Elapsed < TimeSpan.FromMinutes(2) && !admin.HasExited)
        {
            await Task.Delay(100);
            rows = await database.ScalarAsync<long>("SELECT COUNT(*) FROM tf_images");
        }

        admin.Kill(entireProcessTree: true);
        await admin.WaitForExitAsync();
        var afterKill = await database.ScalarAsync<long>("SELECT COUNT(*) FROM tf_images");
        Assert.InRange(afterKill, 1, 69_999);

        var rerun = await AdminCli.RunAsync(database.ConnectionString, "import", "--from", TestEnvironment.DatasetFolder);

        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal(70_000, await database.ScalarAsync<long>("SELECT COUNT(*) FROM tf_images"));
        Assert.Equal(60_000, await database.ScalarAsync<long>("SELECT COUNT(DISTINCT img_idx) FROM tf_images WHERE img_use = 1"));
        Assert.Equal(9, await database.ScalarAsync<sbyte>("SELECT img_label FROM tf_images WHERE img_use = 2 AND img_idx = 0"));
    }
}
