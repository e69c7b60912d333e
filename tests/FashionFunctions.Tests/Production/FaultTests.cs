using System.Diagnostics;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using FashionFunctions.Core.Data;
using FashionFunctions.Core.Dataset;
using FashionFunctions.Core.Images;
using FashionFunctions.Core.Training;
using FashionFunctions.Tests.Foundation;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Production;

/// <summary>Real faults against real services: each leaves no data lost or duplicated.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task When_MariaDB_dies_the_api_answers_503_and_recovers_by_itself_when_it_is_back()
    {
        await using var mariadb = await PrivateMariaDb.StartAsync("ml");
        await using var app = await FashionApp.StartAsync(mariadb.ConnectionString("ml"), QuickModels("mariadbfault"));
        await app.Get<SchemaMigrator>().MigrateAsync(CancellationToken.None);
        await app.Get<DatasetImporter>().ImportAsync(DatasetSource.Parse(TestEnvironment.DatasetFolder), null, CancellationToken.None);
        await app.Get<RetrainService>().RunAsync(Quick, "test", CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync("/api/images/Testing/0")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Http.PostAsync("/api/images/Testing/0/predict", null)).StatusCode);
        var predictions = await CountPredictions(mariadb.ConnectionString("ml"));

        await mariadb.KillAsync();

        await ExploreApiTests.AssertProblem(await app.Http.PostAsync("/api/predict", Png()), HttpStatusCode.ServiceUnavailable);
        await ExploreApiTests.AssertProblem(await app.Http.PostAsync("/api/images/Testing/1/predict", null), HttpStatusCode.ServiceUnavailable);

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
        Assert.Equal(predictions, await CountPredictions(mariadb.ConnectionString("ml")));
        Assert.Equal(HttpStatusCode.OK, (await app.Http.PostAsync("/api/predict", Png())).StatusCode);
        Assert.Equal(predictions + 1, await CountPredictions(mariadb.ConnectionString("ml")));
    }

    [Fact]
    public async Task Reads_after_MariaDB_restarted_while_the_app_was_idle_are_answered_at_once()
    {
        await using var mariadb = await PrivateMariaDb.StartAsync("ml");
        await using var app = await FashionApp.StartAsync(mariadb.ConnectionString("ml"), QuickModels("idlerestart"));
        await app.Get<SchemaMigrator>().MigrateAsync(CancellationToken.None);
        using var gate = new Barrier(8);
        var warm = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            gate.SignalAndWait();
            return (await app.Http.GetAsync("/api/categories")).StatusCode;
        })));
        Assert.All(warm, status => Assert.Equal(HttpStatusCode.OK, status));
        var pooled = await ScalarAsync(mariadb.ConnectionString("ml"),
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = 'mdb' AND ID <> CONNECTION_ID()");
        Assert.True(pooled >= 2, $"only {pooled} pooled session(s) to go stale");

        await mariadb.KillAsync();
        await mariadb.RestartAsync();

        // Every pooled read session is now dead; without the pool being emptied, the first requests would get 500s.
        for (var i = 0; i < 2 * pooled; i++)
        {
            var response = await app.Http.GetAsync("/api/categories");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"request {i}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task When_Azurite_dies_predict_keeps_serving_the_cached_model_and_a_retrain_fails_cleanly()
    {
        await using var azurite = await PrivateAzurite.StartAsync();
        await using var database = await TestDatabase.CreateAsync("azuritefault");
        await using var app = await FashionApp.StartAsync(database, new Dictionary<string, string?>(QuickModels("azuritefault"))
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Predict:ModelCheckSeconds"] = "0",
        });
        await app.Get<DatasetImporter>().ImportAsync(DatasetSource.Parse(TestEnvironment.DatasetFolder), null, CancellationToken.None);
        var first = (await app.Get<RetrainService>().RunAsync(Quick, "test", CancellationToken.None)).Model!;
        Assert.Equal(first.Version, await PredictedBy(app));
        var second = (await app.Get<RetrainService>().RunAsync(Quick, "test", CancellationToken.None)).Model!;

        await azurite.StopAsync();

        // The registry now names the second model, whose blob cannot be fetched: the first keeps serving.
        Assert.Equal(first.Version, await PredictedBy(app));
        var failed = await app.Get<RetrainService>().RunAsync(Quick, "test", CancellationToken.None);
        Assert.Equal(RetrainRequestStatus.Failed, failed.Status);
        Assert.Equal(second.Version, (await app.Get<ModelRegistry>().GetActiveAsync(CancellationToken.None))!.Version);
        Assert.Equal(1, await database.ScalarAsync<long>("SELECT COUNT(*) FROM models WHERE status = 'active'"));
    }

    private static readonly RetrainRequest Quick = new() { Options = new RetrainOverrides { TrainLimit = 2000 }, Force = true };

    private static Dictionary<string, string?> QuickModels(string purpose) => new()
    {
        ["Training:Trainer"] = "sdca",
        ["Training:Iterations"] = "5",
        ["Training:ModelsContainer"] = $"models-{purpose}-{TestEnvironment.RunId}",
    };

    private static ByteArrayContent Png()
    {
        var content = new ByteArrayContent(GrayscalePng.Encode(new byte[784]));
        content.Headers.ContentType = new("image/png");
        return content;
    }

    private static async Task<long> PredictedBy(FashionApp app)
    {
        var response = await app.Http.PostAsync("/api/predict", Png());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("modelVersion").GetInt64();
    }

    private static Task<long> CountPredictions(string connectionString) => ScalarAsync(connectionString, "SELECT COUNT(*) FROM predictions");

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnector.MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlConnector.MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
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
