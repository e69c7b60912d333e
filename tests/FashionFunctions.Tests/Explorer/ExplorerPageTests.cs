using FashionFunctions.Images;
using FashionFunctions.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FashionFunctions.Tests.Explorer;

/// <summary>The explorer page in real headless Chromium, over the app serving the imported database on real HTTP.</summary>
[Collection(ImportedDatabase.Name)]
public sealed class ExplorerPageTests(ImportedDatabaseFixture fixture, Chromium chromium) : IClassFixture<Chromium>
{
    private const int GalleryPageSize = 24;

    [Fact]
    public async Task The_page_loads_with_the_chart_and_the_gallery_and_no_console_errors()
    {
        var (page, errors) = await OpenAsync(1280);

        await WaitForGalleryAsync(page);
        await page.WaitForFunctionAsync("() => document.getElementById('distribution-chart').naturalWidth > 0");

        Assert.Contains("70000 images", await page.TextContentAsync("#distribution-caption"));
        Assert.Contains("T-shirt/top: 6000 training, 1000 testing", await page.GetAttributeAsync("#distribution-chart", "alt"));
        Assert.Equal(GalleryPageSize, await page.Locator("#gallery-items img").CountAsync());
        Assert.Equal($"1–{GalleryPageSize} of 70000", await page.TextContentAsync("#gallery-page"));
        await page.ScreenshotAsync(new() { Path = Screenshot("explorer-desktop.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_gallery_shows_one_use_and_class_a_page_at_a_time()
    {
        var (page, errors) = await OpenAsync(1280);
        await WaitForGalleryAsync(page);

        await page.SelectOptionAsync("#gallery-use", "Testing");
        await page.SelectOptionAsync("#gallery-label", "Bag");
        await Assertions.Expect(page.Locator("#gallery-page")).ToHaveTextAsync($"1–{GalleryPageSize} of 1000");
        await page.ClickAsync("#gallery-next");
        await Assertions.Expect(page.Locator("#gallery-page")).ToHaveTextAsync($"{GalleryPageSize + 1}–{2 * GalleryPageSize} of 1000");
        await WaitForGalleryAsync(page);

        var truths = await page.Locator("#gallery-items .truth").AllTextContentsAsync();
        Assert.Equal(GalleryPageSize, truths.Count);
        Assert.All(truths, truth => Assert.Equal("Bag", truth));
        var alts = await page.Locator("#gallery-items img").EvaluateAllAsync<string[]>("images => images.map(i => i.alt)");
        Assert.All(alts, alt => Assert.Contains("Testing image", alt));
        Assert.False(await page.IsDisabledAsync("#gallery-prev"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_function_key_entered_by_keyboard_is_kept_for_the_tab_and_sent_on_api_calls()
    {
        var (page, _) = await OpenAsync(1280);
        await WaitForGalleryAsync(page);
        var keys = new List<string?>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/images?"))
            {
                keys.Add(request.Headers.GetValueOrDefault("x-functions-key"));
            }
        };

        await page.FocusAsync("#function-key");
        await page.Keyboard.TypeAsync("secret-key");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync("Key saved");
        await WaitForGalleryAsync(page);

        Assert.Equal("secret-key", await page.EvaluateAsync<string>("() => sessionStorage.getItem('fashionFunctions.functionKey')"));
        Assert.Contains("secret-key", keys);
    }

    [Fact]
    public async Task An_uploaded_png_without_a_predict_api_shows_a_readable_message()
    {
        var (page, _) = await OpenAsync(1280);
        await WaitForGalleryAsync(page);
        var png = await fixture.App.Http.GetByteArrayAsync("/api/images/Testing/0/png");

        await page.SetInputFilesAsync("#upload-file", new FilePayload { Name = "boot.png", MimeType = "image/png", Buffer = png });

        await Assertions.Expect(page.Locator("#messages .message.error")).ToContainTextAsync("POST predict answered 404");
        Assert.True(await page.IsHiddenAsync("#prediction"));
        await page.ScreenshotAsync(new() { Path = Screenshot("explorer-upload-message.png") });
    }

    [Fact]
    public async Task A_retrain_request_without_a_training_api_shows_a_readable_status()
    {
        var (page, _) = await OpenAsync(1280);
        await WaitForGalleryAsync(page);

        await page.ClickAsync("#retrain");

        await Assertions.Expect(page.Locator("#retrain-status")).ToContainTextAsync("Retrain: POST models/retrain answered 404");
        Assert.False(await page.IsDisabledAsync("#retrain"));
        Assert.Contains("none", await page.TextContentAsync("#active-model"));
    }

    [Fact]
    public async Task At_phone_width_nothing_scrolls_sideways()
    {
        var (page, errors) = await OpenAsync(375);
        await WaitForGalleryAsync(page);

        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        await page.ScreenshotAsync(new() { Path = Screenshot("explorer-phone.png"), FullPage = true });

        Assert.True(width <= 375, $"The page is {width}px wide at a 375px viewport.");
        Assert.Empty(errors);
    }

    /// <summary>
    /// A fresh browser context on the page. Errors collects console errors and uncaught exceptions, except Chromium's
    /// own "Failed to load resource" line for an API answer the page is built to expect: 404 or 503 from the model
    /// and prediction routes (no model yet, or a build of the app without them). Any other failed request is an error.
    /// </summary>
    private async Task<(IPage Page, List<string> Errors)> OpenAsync(int width)
    {
        // The page's own policy stays on (no BypassCSP), so anything it blocks fails the test; expressions the test
        // evaluates are written as functions, which the policy allows.
        var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !IsExpectedAbsence(response))
            {
                errors.Add($"{response.Request.Method} {response.Url} answered {response.Status}");
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(fixture.App.Http.BaseAddress!, "/api/ui").ToString());
        return (page, errors);
    }

    private static bool IsExpectedAbsence(IResponse response) =>
        response.Status is 404 or 503 &&
        new Uri(response.Url).AbsolutePath.Split('/') is [_, "api", "models" or "predictions" or "predict", ..];

    private static async Task WaitForGalleryAsync(IPage page) =>
        await page.WaitForFunctionAsync(
            $"() => [...document.querySelectorAll('#gallery-items img')].filter(i => i.complete && i.naturalWidth === {GrayscalePng.Side}).length === {GalleryPageSize}");

    private static string Screenshot(string name) => Path.Combine(Chromium.ScreenshotFolder, name);
}
