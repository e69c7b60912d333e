using System.Net.Http.Json;
using System.Text.Json;
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
        await Assertions.Expect(page.Locator("#retrain-status")).ToContainTextAsync("Retrain queued");
        Assert.True(await page.IsDisabledAsync("#retrain"));
        Assert.True(await page.IsVisibleAsync("#retrain-progress"));

        await Assertions.Expect(page.Locator("#retrain-status")).ToContainTextAsync("Retrain succeeded", Patiently);
        var active = (await app.Get<ModelRegistry>().GetActiveAsync(CancellationToken.None))!;
        var version = active.Version;
        Assert.Equal(2000, active.TrainingRows);
        Assert.Contains("\"trainLimit\":2000", (await app.Get<RetrainRequests>().GetRecordedAsync(active.RequestId!, CancellationToken.None))!.Request);
        await Assertions.Expect(page.Locator("#retrain-status")).ToContainTextAsync($"model {version}");
        await Assertions.Expect(page.Locator("#active-model")).ToHaveTextAsync($"{version}");
        await Assertions.Expect(page.Locator("#confusion-model")).ToHaveTextAsync($"(model {version})");
        Assert.Equal(10, await page.Locator("#confusion table.heatmap tbody tr").CountAsync());
        Assert.False(await page.IsDisabledAsync("#retrain"));
        await page.ScreenshotAsync(new() { Path = Screenshot("explorer-retrained.png"), FullPage = true });
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
        await EnsureActiveModelAsync();
        var (page, errors) = await OpenAsync(chromium, app, 1280);
        await WaitForGalleryAsync(page);
        await page.SelectOptionAsync("#gallery-use", "Testing");
        await Assertions.Expect(page.Locator("#gallery-page")).ToHaveTextAsync("1–24 of 10000");
        await WaitForGalleryAsync(page);

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

    private async Task EnsureActiveModelAsync()
    {
        if (await app.Get<ModelRegistry>().GetActiveAsync(CancellationToken.None) is null)
        {
            var quick = new RetrainRequest { Options = new RetrainOverrides { TrainLimit = 2000 }, Force = true };
            Assert.Equal(RetrainRequestStatus.Succeeded, (await app.Get<RetrainService>().RunAsync(quick, "test", CancellationToken.None)).Status);
        }
    }

    /// <summary>What the API itself answers for the image, for the page to show.</summary>
    private async Task<JsonElement> PredictAsync(byte[] png)
    {
        using var response = await app.Http.PostAsync("/api/predict", new ByteArrayContent(png) { Headers = { ContentType = new("image/png") } });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
