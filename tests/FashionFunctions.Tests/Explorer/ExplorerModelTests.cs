using System.Net.Http.Json;
using System.Text.Json;
using FashionFunctions.Core.Training;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static FashionFunctions.Tests.Explorer.ExplorerPageTests;

namespace FashionFunctions.Tests.Explorer;

/// <summary>
/// The page with real models, over the training test database: retraining from the page (the trigger engine hands what
/// the page enqueued on Azurite to the queue function, as the Functions host would) and predictions with the active model.
/// </summary>
[Collection(TrainingDatabase.Name)]
public sealed class ExplorerModelTests(TrainingFixture fixture, Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private static readonly LocatorAssertionsToContainTextOptions Patiently = new() { Timeout = 120_000 };

    private FashionApp app = null!;

    /// <summary>The app over the training database, with the training tests' per-run model container and queues.</summary>
    public async Task InitializeAsync() =>
        app = await FashionApp.StartAsync(fixture.Database, new Dictionary<string, string?>(TrainingFixture.QuickTraining)
        {
            // A model activated by a test is used by the next request, not half a minute later.
            ["Predict:ModelCheckSeconds"] = "0",
            ["Predict:ScoreQueue"] = $"explorer-score-{TestEnvironment.RunId}",
        });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_retrain_requested_on_the_page_shows_its_progress_until_the_new_model_is_active()
    {
        var (page, errors) = await OpenAsync(chromium, app, 1280);
        await WaitForGalleryAsync(page);

        await page.SelectOptionAsync("#retrain-trainer", "sdca");
        await page.FillAsync("#retrain-limit", "2000");
        await page.CheckAsync("#retrain-force");
        await page.ClickAsync("#retrain");
        await Assertions.Expect(page.Locator("#retrain-status")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Retrain (queued|running)"));
        Assert.True(await page.IsDisabledAsync("#retrain"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.id === 'retrain-panel'"));

        await Assertions.Expect(page.Locator("#retrain-status")).ToContainTextAsync("Retrain succeeded", Patiently);
        var active = (await app.Get<ModelRegistry>().GetActiveAsync(CancellationToken.None))!;
        var version = active.Version;
        Assert.Equal(2000, active.TrainingRows);
        Assert.Contains("\"trainLimit\":2000", (await app.Get<RetrainRequests>().GetRecordedAsync(active.RequestId!, CancellationToken.None))!.Request);
        await Assertions.Expect(page.Locator("#retrain-status")).ToContainTextAsync($"model {version}");
        await Assertions.Expect(page.Locator("#active-model")).ToHaveTextAsync($"{version}");
        await Assertions.Expect(page.Locator("#confusion-model")).ToHaveTextAsync($"(model {version})");
        Assert.Equal(10, await page.Locator("#confusion table.heatmap tbody tr").CountAsync());
        // The button comes back once the models are reloaded, a moment after the heatmap's heading changes.
        await Assertions.Expect(page.Locator("#retrain")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("#messages .message.info")).ToContainTextAsync($"Retrain {active.RequestId} succeeded: model {version}");
        await page.ScreenshotAsync(new() { Path = Screenshot("explorer-retrained.png"), FullPage = true });

        // The history is kept by the browser: a reload still lists the request and what became of it.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#retrain-history")).ToContainTextAsync($"{active.RequestId} succeeded, model {version}");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_request_no_worker_picks_up_says_so_and_can_be_cancelled_and_stays_cancelled_after_a_reload()
    {
        // The same app with its queue consumer switched off and a queue of its own: nothing will start the request.
        var queue = $"explorer-cancel-{TestEnvironment.RunId}";
        await using var idle = await FashionApp.StartAsync(fixture.Database, new Dictionary<string, string?>(TrainingFixture.QuickTraining)
        {
            ["Training:RetrainQueue"] = queue,
            ["AzureWebJobs.RetrainFromQueue.Disabled"] = "true",
        });
        try
        {
            var (page, errors) = await OpenAsync(chromium, idle, 1280);
            await WaitForGalleryAsync(page);

            await page.ClickAsync("#retrain");
            await Assertions.Expect(page.Locator("#retrain-status")).ToContainTextAsync("Retrain queued · waiting in the queue for a worker");
            await Assertions.Expect(page.Locator("#retrain-waiting")).ToContainTextAsync("No worker has picked this request up", new() { Timeout = 90_000 });
            await page.ClickAsync("#retrain-cancel");

            await Assertions.Expect(page.Locator("#retrain-status")).ToContainTextAsync("Retrain cancelled");
            // The status, the button and the warning are redrawn in turn: each is awaited, not read once.
            await Assertions.Expect(page.Locator("#retrain-cancel")).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator("#retrain-waiting")).ToBeHiddenAsync();
            var requestId = (await page.Locator("#retrain-history li:first-child code").TextContentAsync())!;
            Assert.Equal(RetrainRequestStatus.Cancelled, (await idle.Get<RetrainRequests>().GetAsync(requestId, CancellationToken.None))!.Status);
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("#retrain-history li:first-child")).ToContainTextAsync($"{requestId} cancelled");
            Assert.Empty(errors);
        }
        finally
        {
            await idle.Get<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(queue).DeleteIfExistsAsync();
        }
    }

    [Fact]
    public async Task A_slower_older_prediction_never_replaces_a_newer_one()
    {
        var (page, errors) = await OpenOnTestingGalleryAsync();
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/api/images/Testing/9/predict", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });

        var slow = await page.RunAndWaitForRequestAsync(() => page.ClickAsync("#gallery-items li:nth-child(10) button"), r => r.Url.EndsWith("/Testing/9/predict", StringComparison.Ordinal));
        var slowFailed = FailureOf(page, slow);
        await page.ClickAsync("#gallery-items li:nth-child(13) button");
        await Assertions.Expect(page.Locator("#prediction-meta")).ToContainTextAsync("Testing image 12,");
        release.SetResult();

        Assert.Contains("ABORTED", await slowFailed, StringComparison.OrdinalIgnoreCase);
        await Assertions.Expect(page.Locator("#prediction-meta")).ToContainTextAsync("Testing image 12,");
        Assert.Contains("image=Testing%2F12", page.Url);
        await Assertions.Expect(page.Locator("#announcer")).ToContainTextAsync("Predicted ");
        Assert.Equal(3, await page.Locator("#prediction-top li").CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_matrix_cell_shows_the_misclassified_images_the_summary_lists_for_it()
    {
        await EnsureActiveModelAsync();
        for (var idx = 0; idx < 150; idx++)
        {
            using var predicted = await app.Http.PostAsync($"/api/images/Testing/{idx}/predict", null);
            predicted.EnsureSuccessStatusCode();
        }

        var summary = await app.Http.GetFromJsonAsync<JsonElement>("/api/predictions/summary");
        var pair = summary.GetProperty("mostConfused")[0];
        var (actual, predictedAs) = (pair.GetProperty("actual").GetString()!, pair.GetProperty("predicted").GetString()!);
        var expected = summary.GetProperty("misclassified").EnumerateArray()
            .Count(m => m.GetProperty("actual").GetString() == actual && m.GetProperty("predicted").GetString() == predictedAs);
        var (page, errors) = await OpenAsync(chromium, app, 1280);
        await WaitForGalleryAsync(page);
        await Assertions.Expect(page.Locator("#most-confused")).ToContainTextAsync($"{actual} taken for {predictedAs}");

        await page.Locator($"#confusion button[aria-label^=\"{actual} predicted as {predictedAs}:\"]").ClickAsync();

        await Assertions.Expect(page.Locator("#mistakes-note")).ToContainTextAsync($"{actual} image");
        Assert.True(expected > 0);
        Assert.Equal(expected, await page.Locator("#mistakes li").CountAsync());
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#mistakes img')].every(i => i.complete && i.naturalWidth === 28)");
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.id === 'mistakes-title'"));
        Assert.All(await page.Locator("#mistakes img").EvaluateAllAsync<string[]>("images => images.map(i => i.alt)"),
            alt => Assert.EndsWith($"a {actual} predicted as {predictedAs}", alt));
        await page.ScreenshotAsync(new() { Path = Screenshot("explorer-mistakes.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(1440)]
    [InlineData(375)]
    public async Task With_a_model_a_prediction_and_a_comparison_axe_finds_no_serious_or_critical_violation(int width)
    {
        await EnsureActiveModelAsync();
        await EnsureTwoModelsAsync();
        var (page, errors) = await OpenAsync(chromium, app, width);
        await WaitForGalleryAsync(page);
        var png = await app.Http.GetByteArrayAsync("/api/images/Testing/0/png");
        await page.SetInputFilesAsync("#upload-file", new FilePayload { Name = "boot.png", MimeType = "image/png", Buffer = png });
        await Assertions.Expect(page.Locator("#prediction-top li")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#confusion table.heatmap")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#comparison table")).ToHaveCountAsync(3);

        await AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = Screenshot($"explorer-axe-{width}.png"), FullPage = true });
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= width);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_uploaded_png_gets_the_api_s_prediction_with_ten_probability_bars()
    {
        await EnsureActiveModelAsync();
        var (page, errors) = await OpenAsync(chromium, app, 1280);
        await WaitForGalleryAsync(page);
        var png = await app.Http.GetByteArrayAsync("/api/images/Testing/0/png");
        var expected = await PredictAsync(png);

        await page.SetInputFilesAsync("#upload-file", new FilePayload { Name = "boot.png", MimeType = "image/png", Buffer = png });

        await Assertions.Expect(page.Locator("#prediction-class")).ToHaveTextAsync(expected.GetProperty("className").GetString()!);
        await Assertions.Expect(page.Locator("#prediction-meta")).ToContainTextAsync($"model {expected.GetProperty("modelVersion").GetInt64()}");
        Assert.Equal(10, await page.Locator("#prediction-bars li").CountAsync());
        var percents = (await page.Locator("#prediction-bars .value").AllTextContentsAsync()).Select(p => double.Parse(p.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(percents.Sum(), 99, 101);
        // The 28x28 the model saw, as the API returned it, drawn on the page's canvas.
        Assert.True(await page.IsVisibleAsync("#prediction-preprocessed"));
        var drawn = await page.EvaluateAsync<int>(
            "() => document.getElementById('prediction-preprocessed').getContext('2d').getImageData(0, 0, 28, 28).data.filter((v, i) => i % 4 === 0 && v > 0).length");
        Assert.True(drawn > 50, $"Only {drawn} lit pixels in the model input drawn on the page.");
        Assert.False(string.IsNullOrEmpty(expected.GetProperty("preprocessed").GetString()));
        await page.ScreenshotAsync(new() { Path = Screenshot("explorer-upload-prediction.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_dropped_png_is_predicted_too()
    {
        await EnsureActiveModelAsync();
        var (page, errors) = await OpenAsync(chromium, app, 1280);
        await WaitForGalleryAsync(page);
        var png = await app.Http.GetByteArrayAsync("/api/images/Testing/1/png");
        var expected = await PredictAsync(png);

        var dataTransfer = await page.EvaluateHandleAsync("""
            bytes => {
              const transfer = new DataTransfer();
              transfer.items.add(new File([new Uint8Array(bytes)], 'dropped.png', { type: 'image/png' }));
              return transfer;
            }
            """, png.Select(b => (int)b).ToArray());
        await page.DispatchEventAsync("#drop-zone", "drop", new { dataTransfer });

        await Assertions.Expect(page.Locator("#prediction-class")).ToHaveTextAsync(expected.GetProperty("className").GetString()!);
        await Assertions.Expect(page.Locator("#prediction-meta")).ToContainTextAsync("dropped.png");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_gallery_image_predicted_on_click_is_marked_and_listed_with_the_class_accuracy()
    {
        var (page, errors) = await OpenOnTestingGalleryAsync();

        var card = page.Locator("#gallery-items li:first-child button");
        await card.ClickAsync();

        await Assertions.Expect(page.Locator("#prediction-meta")).ToContainTextAsync("Testing image 0, truly Ankle boot");
        await Assertions.Expect(card.Locator(".guess")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[✓✗] "));
        var predicted = await page.TextContentAsync("#prediction-class");
        Assert.Equal(predicted == "Ankle boot", await card.EvaluateAsync<bool>("c => c.classList.contains('right')"));

        // A fresh page learns the same mark from the predictions list, and the summary and latest tables fill in.
        var (again, againErrors) = await OpenAsync(chromium, app, 1280);
        await WaitForGalleryAsync(again);
        await again.SelectOptionAsync("#gallery-use", "Testing");
        await Assertions.Expect(again.Locator("#gallery-items li:first-child .guess")).ToContainTextAsync(predicted!);
        await Assertions.Expect(again.Locator("#summary table")).ToContainTextAsync("Ankle boot");
        await Assertions.Expect(again.Locator("#latest-predictions table tbody")).ToContainTextAsync(predicted!);
        await again.ScreenshotAsync(new() { Path = Screenshot("explorer-predictions.png"), FullPage = true });
        Assert.Empty(errors);
        Assert.Empty(againErrors);
    }

    [Fact]
    public async Task A_model_chosen_beside_the_panel_scores_clicks_and_uploads_stays_in_the_address_and_predicts_side_by_side_with_another()
    {
        var candidate = await EnsureCandidateAsync();
        var active = (await app.Get<ModelRegistry>().GetActiveAsync(CancellationToken.None))!.Version;
        var (page, errors) = await OpenOnTestingGalleryAsync();
        await Assertions.Expect(page.Locator($"#predict-model option[value=\"{candidate}\"]")).ToHaveCountAsync(1);

        await page.SelectOptionAsync("#predict-model", $"{candidate}");
        var click = await page.RunAndWaitForRequestAsync(() => page.ClickAsync("#gallery-items li:nth-child(3) button"), r => r.Method == "POST");

        Assert.EndsWith($"/api/images/Testing/2/predict?model={candidate}", click.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#prediction-meta")).ToContainTextAsync(new System.Text.RegularExpressions.Regex($"^Testing image 2, truly .+ · model {candidate} · prediction \\d+$"));
        Assert.Contains($"predictModel={candidate}", page.Url, StringComparison.Ordinal);
        var png = await app.Http.GetByteArrayAsync("/api/images/Testing/0/png");
        await page.SetInputFilesAsync("#upload-file", new FilePayload { Name = "boot.png", MimeType = "image/png", Buffer = png });
        await Assertions.Expect(page.Locator("#prediction-meta")).ToContainTextAsync($"boot.png · model {candidate}");
        var uploaded = await fixture.Database.ScalarAsync<long>("SELECT model_version FROM predictions WHERE source = 'upload' AND NOT shadow ORDER BY id DESC LIMIT 1");
        Assert.Equal(candidate, uploaded);

        // A reload keeps the choice; the comparison then predicts a gallery image with the active model and the chosen one.
        await page.ReloadAsync();
        await WaitForGalleryAsync(page);
        await Assertions.Expect(page.Locator("#predict-model")).ToHaveValueAsync($"{candidate}");
        await Assertions.Expect(page.Locator($"#compare-b option[value=\"{candidate}\"]")).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#compare-a", $"{active}");
        await page.SelectOptionAsync("#compare-b", $"{candidate}");
        await page.ClickAsync("#gallery-items li:nth-child(1) button");
        await Assertions.Expect(page.Locator("#prediction-meta")).ToContainTextAsync("Testing image 0, truly Ankle boot");
        await page.ClickAsync("#compare-predict");

        var table = page.Locator("#compare-predictions table");
        await Assertions.Expect(table.Locator("thead")).ToContainTextAsync($"Model {active}Model {candidate}");
        var rows = await fixture.Database.QueryAsync<(long Version, int Label)>(
            "SELECT model_version, predicted_label FROM predictions WHERE img_use = 2 AND img_idx = 0 AND NOT shadow ORDER BY id DESC LIMIT 2");
        var byVersion = rows.ToDictionary(r => r.Version, r => FashionClasses.Names[r.Label]);
        Assert.Equal([active, candidate], byVersion.Keys.Order());
        Assert.Equal([byVersion[active], byVersion[candidate]], await table.Locator("tbody tr:first-child td").AllTextContentsAsync());
        Assert.Equal(10 + 4, await table.Locator("tbody tr").CountAsync());
        await AssertAccessibleAsync(page);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_comparison_shows_the_registry_s_figures_per_class_deltas_and_matrix_differences_of_the_two_versions()
    {
        await EnsureActiveModelAsync();
        await EnsureTwoModelsAsync();
        var usable = (await app.Http.GetFromJsonAsync<JsonElement[]>("/api/models"))!
            .Where(m => m.GetProperty("status").GetString() is "active" or "candidate" or "retired" or "shadow").Select(m => m.GetProperty("version").GetInt64()).ToList();
        var (a, b) = (usable.Min(), usable.Max());
        var (page, errors) = await OpenAsync(chromium, app, 1440);
        await page.GotoAsync(new Uri(app.Http.BaseAddress!, $"/api/ui?compareA={a}&compareB={b}").ToString());
        await Assertions.Expect(page.Locator("#comparison table")).ToHaveCountAsync(3, new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#comparison table").First).ToContainTextAsync($"Model {a}");

        var (ma, mb) = (await app.Http.GetFromJsonAsync<JsonElement>($"/api/models/{a}"), await app.Http.GetFromJsonAsync<JsonElement>($"/api/models/{b}"));
        var (ca, cb) = (await Matrix(a), await Matrix(b));
        var tables = page.Locator("#comparison table");

        // Figures: validation and test accuracy with their 95 % intervals, shown to a tenth of a point.
        var figures = await tables.Nth(0).Locator("tbody tr").EvaluateAllAsync<string[][]>("rows => rows.map(r => [...r.cells].map(c => c.textContent))");
        var shown = figures.ToDictionary(r => r[0], r => r[1..]);
        foreach (var (model, column) in new[] { (ma, 0), (mb, 1) })
        {
            AssertFigure(shown["Validation accuracy"][column], model.GetProperty("validationAccuracy").GetDouble(), model.GetProperty("validationAccuracyCi95"));
            AssertFigure(shown["Test accuracy"][column], model.GetProperty("testAccuracy").GetDouble(), model.GetProperty("testAccuracyCi95"));
        }

        // Per class: each model's recall as the registry records it, and the change between them.
        var perClass = await tables.Nth(1).Locator("tbody tr").EvaluateAllAsync<string[][]>("rows => rows.map(r => [...r.cells].map(c => c.textContent))");
        Assert.Equal(10, perClass.Length);
        for (var i = 0; i < 10; i++)
        {
            var (ra, rb) = (Recall(ma, i), Recall(mb, i));
            Assert.Equal(FashionClasses.Names[i], perClass[i][0]);
            Assert.Equal(ra, Percent(perClass[i][1]), 0.0005 + 1e-9);
            Assert.Equal(rb, Percent(perClass[i][2]), 0.0005 + 1e-9);
            Assert.Equal(rb - ra, Points(perClass[i][3]), 0.0005 + 1e-9);
        }

        // The difference matrix: new minus old, cell by cell, against both registry matrices.
        var cells = await tables.Nth(2).Locator("tbody tr").EvaluateAllAsync<string[][]>("rows => rows.map(r => [...r.querySelectorAll('td')].map(c => c.textContent))");
        var differences = cells.Select(r => r.Select(c => int.Parse(c.Replace('−', '-').TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(cb.Select((row, i) => row.Select((count, j) => count - ca[i][j]).ToArray()).ToArray(), differences);
        Assert.Contains(differences.SelectMany(r => r), d => d != 0);
        await page.Locator("#compare").ScreenshotAsync(new() { Path = Screenshot("explorer-compare.png") });
        Assert.Empty(errors);
    }

    private async Task<int[][]> Matrix(long version) =>
        (await app.Http.GetFromJsonAsync<JsonElement>($"/api/models/{version}/confusion")).GetProperty("matrix").Deserialize<int[][]>()!;

    private static double Recall(JsonElement model, int label) =>
        model.GetProperty("perClass").EnumerateArray().Single(c => c.GetProperty("label").GetInt32() == label).GetProperty("recall").GetDouble();

    private static double Percent(string text) => double.Parse(text.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture) / 100;

    /// <summary>"+1.2 pt", "−0.4 pt" or "±0.0 pt" as a share.</summary>
    private static double Points(string text) =>
        double.Parse(text.Replace(" pt", "", StringComparison.Ordinal).Replace('−', '-').TrimStart('+', '±'), System.Globalization.CultureInfo.InvariantCulture) / 100;

    /// <summary>"91.2% (95% 90.6%–91.7%)": the figure and its interval as shown, each within the display's rounding of the API's.</summary>
    private static void AssertFigure(string text, double expected, JsonElement interval)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^([\d.]+)% \(95% ([\d.]+)%–([\d.]+)%\)$");
        Assert.True(match.Success, $"Not a figure with an interval: {text}");
        Assert.Equal(expected, Percent(match.Groups[1].Value + "%"), 0.0005 + 1e-9);
        Assert.Equal(interval[0].GetDouble(), Percent(match.Groups[2].Value + "%"), 0.0005 + 1e-9);
        Assert.Equal(interval[1].GetDouble(), Percent(match.Groups[3].Value + "%"), 0.0005 + 1e-9);
    }

    /// <summary>
    /// A model that may be chosen for predictions beside the active one. Trained on 500 images, validation keeps it a
    /// candidate; should it win anyway, the active model is restored and the new one made a candidate through the shadow routes.
    /// </summary>
    private async Task<long> EnsureCandidateAsync()
    {
        await EnsureActiveModelAsync();
        var registry = app.Get<ModelRegistry>();
        var existing = await fixture.Database.QueryAsync<long>("SELECT version FROM models WHERE status = 'candidate' AND blob_name IS NOT NULL ORDER BY version DESC LIMIT 1");
        if (existing.Count > 0)
        {
            return existing[0];
        }

        var active = (await registry.GetActiveAsync(CancellationToken.None))!.Version;
        var quick = new RetrainRequest { Trainer = "sdca", Options = new RetrainOverrides { TrainLimit = 500 } };
        var trained = (await app.Get<RetrainService>().RunAsync(quick, "test", CancellationToken.None)).Model!.Version;
        if ((await registry.GetAsync(trained, CancellationToken.None))!.Status != ModelStatus.Candidate)
        {
            Assert.True(await registry.ActivateAsync(active, CancellationToken.None));
            var shadows = app.Get<FashionFunctions.Core.Shadow.ShadowModels>();
            Assert.Equal(FashionFunctions.Core.Shadow.ShadowChange.Changed, await shadows.SetAsync(trained, CancellationToken.None));
            Assert.Equal(FashionFunctions.Core.Shadow.ShadowChange.Changed, await shadows.UnsetAsync(trained, CancellationToken.None));
        }

        return trained;
    }

    private async Task EnsureActiveModelAsync()
    {
        if (await app.Get<ModelRegistry>().GetActiveAsync(CancellationToken.None) is null)
        {
            var quick = new RetrainRequest { Options = new RetrainOverrides { TrainLimit = 2000 }, Force = true };
            Assert.Equal(RetrainRequestStatus.Succeeded, (await app.Get<RetrainService>().RunAsync(quick, "test", CancellationToken.None)).Status);
        }
    }

    private async Task EnsureTwoModelsAsync()
    {
        var usable = await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM models WHERE status IN ('active', 'candidate', 'retired')");
        if (usable < 2)
        {
            var quick = new RetrainRequest { Trainer = "sdca", Options = new RetrainOverrides { TrainLimit = 1500 } };
            Assert.Equal(RetrainRequestStatus.Succeeded, (await app.Get<RetrainService>().RunAsync(quick, "test", CancellationToken.None)).Status);
        }
    }

    /// <summary>What the API itself answers for the image, for the page to show.</summary>
    private async Task<JsonElement> PredictAsync(byte[] png)
    {
        using var response = await app.Http.PostAsync("/api/predict", new ByteArrayContent(png) { Headers = { ContentType = new("image/png") } });
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The page at 1280 px with an active model, its gallery showing the first Testing images.</summary>
    private async Task<(IPage Page, List<string> Errors)> OpenOnTestingGalleryAsync()
    {
        await EnsureActiveModelAsync();
        var (page, errors) = await OpenAsync(chromium, app, 1280);
        await WaitForGalleryAsync(page);
        await page.SelectOptionAsync("#gallery-use", "Testing");
        await Assertions.Expect(page.Locator("#gallery-page")).ToHaveTextAsync("1–24 of 10000");
        await WaitForGalleryAsync(page);
        return (page, errors);
    }
}
