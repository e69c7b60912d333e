using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using FashionFunctions.Core.Drift;
using FashionFunctions.Monitoring;
using FashionFunctions.Tests.Contract;
using FashionFunctions.Tests.Foundation;
using FashionFunctions.Tests.Infrastructure;
using SkiaSharp;

namespace FashionFunctions.Tests.Monitoring;

/// <summary>
/// The drift watch over real MariaDB: predictions written into chosen hours, the watch run with a fake clock, and the
/// stored windows, the webhook listener and the HTTP answers read back.
/// </summary>
[Collection(DriftDatabase.Name)]
public sealed class DriftWatchTests(DriftFixture fixture)
{
    private const int Bag = 8;

    private static readonly DateTime Morning = new(2026, 1, 5, 6, 0, 0, DateTimeKind.Utc);

    private Task<List<(DateTime Start, long Predictions, double? Psi, bool Judged, bool Crossed, DateTime? AlertedAt)>> HoursAsync(long model) =>
        fixture.Database.QueryAsync<(DateTime, long, double?, bool, bool, DateTime?)>(
            "SELECT window_start, CAST(predictions AS SIGNED), psi, judged, crossed, alerted_at FROM drift_windows WHERE model_version = @model AND window_length = 'hour' ORDER BY window_start",
            new { model });

    /// <summary>The next alert about this model; the listener is shared, so alerts of the other tests' models are passed over.</summary>
    private async Task<JsonElement> NextAlertAsync(long model)
    {
        while (true)
        {
            var alert = await fixture.Webhook.NextAsync(TimeSpan.FromSeconds(5));
            if (alert.GetProperty("modelVersion").GetInt64() == model)
            {
                return alert;
            }
        }
    }

    [Fact]
    public async Task The_report_moves_when_the_mix_turns_to_bags_and_the_webhook_hears_once_per_excursion()
    {
        var model = await fixture.ActivateNewModelAsync();
        await fixture.AddPredictionsAsync(model, Morning, 100);
        await fixture.AddPredictionsAsync(model, Morning.AddHours(1), 100);
        await fixture.AddPredictionsAsync(model, Morning.AddHours(2), 100, label: Bag);
        await fixture.AddPredictionsAsync(model, Morning.AddHours(3), 100, label: Bag);
        await fixture.AddPredictionsAsync(model, Morning.AddHours(4), 100, label: Bag);
        // Shadow rows of the same model in a quiet hour: never counted.
        await fixture.AddPredictionsAsync(model, Morning.AddHours(1), 100, label: Bag, shadow: true);
        var calls = fixture.Webhook.Calls;
        var clock = DriftFixture.Clock(Morning.AddHours(4).AddMinutes(20));

        var computed = await fixture.Watch(clock).WatchAsync(CancellationToken.None);

        var hours = await HoursAsync(model);
        Assert.Equal([Morning, Morning.AddHours(1), Morning.AddHours(2), Morning.AddHours(3)], hours.Select(h => h.Start));
        Assert.Equal(4, computed.Count);
        Assert.All(hours, h => Assert.Equal(100, h.Predictions));
        Assert.All(hours.Take(2), h => Assert.True(h.Psi < 0.01, $"an even mix against an even baseline: PSI {h.Psi}"));
        Assert.All(hours.Skip(2), h => Assert.Equal(8.283089, h.Psi!.Value, 5));
        Assert.Equal([false, false, true, true], hours.Select(h => h.Crossed));
        Assert.Equal(calls + 1, fixture.Webhook.Calls);
        var alert = await NextAlertAsync(model);
        Assert.Equal("drift", alert.GetProperty("event").GetString());
        Assert.Equal("hour", alert.GetProperty("window").GetString());
        Assert.Equal(Morning.AddHours(2), alert.GetProperty("windowStart").GetDateTime().ToUniversalTime());
        Assert.Equal(model, alert.GetProperty("modelVersion").GetInt64());
        Assert.Equal(["psi"], alert.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(0.2, alert.GetProperty("psiThreshold").GetDouble());
        Assert.NotNull(hours[2].AlertedAt);
        Assert.Null(hours[3].AlertedAt);

        // It recovers for an hour, then turns to bags again: a second excursion, a second post; the open hour waits.
        await fixture.AddPredictionsAsync(model, Morning.AddHours(5), 100);
        await fixture.AddPredictionsAsync(model, Morning.AddHours(6), 100, label: Bag);
        await fixture.AddPredictionsAsync(model, Morning.AddHours(8), 10);
        clock.Advance(TimeSpan.FromHours(4));

        var later = await fixture.Watch(clock).WatchAsync(CancellationToken.None);

        hours = await HoursAsync(model);
        Assert.Equal([Morning.AddHours(4), Morning.AddHours(5), Morning.AddHours(6), Morning.AddHours(7)], later.Select(w => w.Start));
        Assert.Equal([false, false, true, true, true, false, true, false], hours.Select(h => h.Crossed));
        Assert.Equal(0, hours[7].Predictions);
        Assert.False(hours[7].Judged);
        Assert.Equal(calls + 2, fixture.Webhook.Calls);
        Assert.Equal(Morning.AddHours(6), (await NextAlertAsync(model)).GetProperty("windowStart").GetDateTime().ToUniversalTime());

        // The same run again: nothing new to compute, nothing posted, no row added.
        Assert.Empty(await fixture.Watch(clock).WatchAsync(CancellationToken.None));
        Assert.Equal(8, (await HoursAsync(model)).Count);
        Assert.Equal(calls + 2, fixture.Webhook.Calls);

        var report = await fixture.App.Http.GetFromJsonAsync<JsonElement>($"/api/monitoring/drift?window=hour&last=4&model={model}");
        Assert.Equal(model, report.GetProperty("modelVersion").GetInt64());
        Assert.Equal(0.2, report.GetProperty("thresholds").GetProperty("psi").GetDouble());
        Assert.Equal(0.1, report.GetProperty("baseline").GetProperty("classMix")[Bag].GetDouble(), 6);
        Assert.Equal(0.85, report.GetProperty("baseline").GetProperty("meanConfidence").GetDouble());
        var windows = report.GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal([Morning.AddHours(4), Morning.AddHours(5), Morning.AddHours(6), Morning.AddHours(7)],
            windows.Select(w => w.GetProperty("start").GetDateTime().ToUniversalTime()));
        Assert.Equal(1.0, windows[0].GetProperty("classMix")[Bag].GetDouble());
        Assert.Equal([Morning.AddHours(4), Morning.AddHours(6)], report.GetProperty("crossed").EnumerateArray().Select(c => c.GetDateTime().ToUniversalTime()));
    }

    [Fact]
    public async Task Many_out_of_distribution_images_cross_and_two_instances_at_once_store_one_row_per_window_and_post_once()
    {
        var model = await fixture.ActivateNewModelAsync();
        var day = Morning.AddDays(3);
        await fixture.AddPredictionsAsync(model, day, 100, flagged: 2);
        await fixture.AddPredictionsAsync(model, day.AddHours(1), 100, flagged: 40);
        var calls = fixture.Webhook.Calls;
        var clock = DriftFixture.Clock(day.AddDays(1).AddMinutes(5));

        await Task.WhenAll(fixture.Watch(clock).WatchAsync(CancellationToken.None), fixture.Watch(clock).WatchAsync(CancellationToken.None));

        var hours = await HoursAsync(model);
        Assert.Equal(24, hours.Count);
        Assert.Equal([false, true], hours.Take(2).Select(h => h.Crossed));
        Assert.All(hours.Take(2), h => Assert.True(h.Psi < 0.01));
        var dayRow = await fixture.Database.QueryAsync<(long Predictions, double OodRate, bool Crossed, DateTime? AlertedAt)>(
            "SELECT CAST(predictions AS SIGNED), ood_rate, crossed, alerted_at FROM drift_windows WHERE model_version = @model AND window_length = 'day'", new { model });
        var (predictions, oodRate, crossed, alertedAt) = Assert.Single(dayRow);
        Assert.Equal(200, predictions);
        Assert.Equal(0.21, oodRate, 9);
        Assert.True(crossed);
        Assert.NotNull(alertedAt);
        // One post for the hour, one for the day, whichever instance claimed each.
        Assert.Equal(calls + 2, fixture.Webhook.Calls);
        var alerts = new[] { await NextAlertAsync(model), await NextAlertAsync(model) };
        Assert.Equal(["day", "hour"], alerts.Select(a => a.GetProperty("window").GetString()).Order());
        Assert.All(alerts, a => Assert.Equal(["oodRate"], a.GetProperty("reasons").EnumerateArray().Select(r => r.GetString())));
        Assert.All(alerts, a => Assert.Equal(DriftFixture.BaselineOodRate, a.GetProperty("baselineOodRate").GetDouble()));
    }

    [Fact]
    public async Task A_window_with_fewer_predictions_than_the_minimum_is_stored_but_never_judged()
    {
        var model = await fixture.ActivateNewModelAsync();
        var hour = Morning.AddDays(6);
        await fixture.AddPredictionsAsync(model, hour, 12, label: Bag);
        var calls = fixture.Webhook.Calls;

        await fixture.Watch(DriftFixture.Clock(hour.AddHours(1))).WatchAsync(CancellationToken.None);

        var stored = Assert.Single(await HoursAsync(model));
        Assert.Equal(12, stored.Predictions);
        Assert.Equal(8.283089, stored.Psi!.Value, 5);
        Assert.False(stored.Judged);
        Assert.False(stored.Crossed);
        Assert.Equal(calls, fixture.Webhook.Calls);
    }

    [Fact]
    public async Task After_downtime_a_run_catches_up_no_further_back_than_the_bound()
    {
        var model = await fixture.ActivateNewModelAsync();
        var start = Morning.AddDays(10);
        await fixture.AddPredictionsAsync(model, start, 40);
        await fixture.AddPredictionsAsync(model, start.AddDays(8), 40);

        // Nine days later: the default catch-up of seven days leaves the first hour out and computes every hour since.
        await fixture.Watch(DriftFixture.Clock(start.AddDays(9))).WatchAsync(CancellationToken.None);

        var hours = await HoursAsync(model);
        Assert.Equal(start.AddDays(8), hours[0].Start);
        Assert.Equal(24, hours.Count);
        Assert.Equal(40, hours[0].Predictions);
    }

    [Fact]
    public async Task The_chart_is_a_png_of_the_size_asked_and_bad_queries_get_a_problem()
    {
        var model = await fixture.ActivateNewModelAsync();
        await fixture.AddPredictionsAsync(model, Morning.AddDays(20), 100);
        await fixture.AddPredictionsAsync(model, Morning.AddDays(20).AddHours(1), 100, label: Bag);
        await fixture.Watch(DriftFixture.Clock(Morning.AddDays(20).AddHours(3))).WatchAsync(CancellationToken.None);

        using var png = await fixture.App.Http.GetAsync($"/api/monitoring/drift?format=png&width=640&height=360&model={model}");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        using var bitmap = SKBitmap.Decode(await png.Content.ReadAsByteArrayAsync());
        Assert.Equal((640, 360), (bitmap.Width, bitmap.Height));

        var active = await fixture.App.Http.GetFromJsonAsync<JsonElement>("/api/monitoring/drift?window=day");
        Assert.Equal(model, active.GetProperty("modelVersion").GetInt64());
        Assert.Equal("day", active.GetProperty("window").GetString());

        await ExploreApiTests.AssertProblem(await fixture.App.Http.GetAsync("/api/monitoring/drift?window=week"), HttpStatusCode.BadRequest);
        await ExploreApiTests.AssertProblem(await fixture.App.Http.GetAsync("/api/monitoring/drift?last=0"), HttpStatusCode.BadRequest);
        await ExploreApiTests.AssertProblem(await fixture.App.Http.GetAsync("/api/monitoring/drift?format=png&width=10"), HttpStatusCode.BadRequest);
        await ExploreApiTests.AssertProblem(await fixture.App.Http.GetAsync("/api/monitoring/drift?model=999999"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_timer_runs_on_the_local_host_and_stores_the_hours_closed_since()
    {
        var model = await fixture.ActivateNewModelAsync();
        var now = DateTime.UtcNow;
        var twoHoursAgo = DriftWatch.WindowStart(now, DriftWindowLength.Hour).AddHours(-2);
        await fixture.AddPredictionsAsync(model, twoHoursAgo, 50);

        await using var app = await FashionApp.StartAsync(fixture.Database, new Dictionary<string, string?>
        {
            ["AzureWebJobs.WatchDrift.Disabled"] = "false",
            ["Drift:Schedule"] = "*/2 * * * * *",
            ["AzureFunctionsWebHost:hostid"] = $"fftest-{TestEnvironment.RunId}-drift",
        });
        var run = await app.Functions.NextAsync(nameof(WatchDrift), TimeSpan.FromSeconds(60));

        Assert.True(run.Succeeded);
        var hours = await HoursAsync(model);
        Assert.Equal(twoHoursAgo, hours[0].Start);
        Assert.Equal(50, hours[0].Predictions);
        Assert.Equal(twoHoursAgo.AddHours(1), hours[1].Start);
        Assert.Equal(0, hours[1].Predictions);
    }
}
