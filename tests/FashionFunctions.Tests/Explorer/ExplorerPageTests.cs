using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using FashionFunctions.Core.Images;
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
        await WaitForChartAsync(page);

        Assert.Contains("70000 images", await page.TextContentAsync("#distribution-caption"));
        Assert.Equal(["T-shirt/top", "6000", "1000"], await page.Locator("#distribution-chart tbody tr:first-child").Locator("th, .value").AllTextContentsAsync());
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

        await page.FocusAsync("#function-key");
        await page.Keyboard.TypeAsync("secret-key");
        var galleryRequest = await page.RunAndWaitForRequestAsync(
            () => page.Keyboard.PressAsync("Enter"), request => request.Url.Contains("/api/images?", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync("Key saved");

        Assert.Equal("secret-key", await page.EvaluateAsync<string>("() => sessionStorage.getItem('fashionFunctions.functionKey')"));
        Assert.Equal("secret-key", galleryRequest.Headers.GetValueOrDefault("x-functions-key"));
    }

    [Fact]
    public async Task A_gallery_image_chosen_by_keyboard_asks_the_api_and_shows_its_problem_when_no_model_is_active()
    {
        var (page, _) = await OpenAsync(1280);
        await WaitForGalleryAsync(page);
        var expected = await ProblemDetailAsync(await fixture.App.Http.PostAsync("/api/images/Training/0/predict", null));

        await page.FocusAsync("#gallery-items li:first-child button");
        var predict = await page.RunAndWaitForRequestAsync(() => page.Keyboard.PressAsync("Enter"), request => request.Method == "POST");

        Assert.EndsWith("/api/images/Training/0/predict", new Uri(predict.Url).AbsolutePath);
        await Assertions.Expect(page.Locator("#messages .message.error")).ToContainTextAsync(expected);
    }

    [Fact]
    public async Task An_uploaded_png_with_no_active_model_shows_the_problem_detail()
    {
        var (page, _) = await OpenAsync(1280);
        await WaitForGalleryAsync(page);
        var png = await fixture.App.Http.GetByteArrayAsync("/api/images/Testing/0/png");
        var expected = await ProblemDetailAsync(await fixture.App.Http.PostAsync("/api/predict", new ByteArrayContent(png) { Headers = { ContentType = new("image/png") } }));

        await page.SetInputFilesAsync("#upload-file", new FilePayload { Name = "boot.png", MimeType = "image/png", Buffer = png });

        await Assertions.Expect(page.Locator("#messages .message.error")).ToContainTextAsync(expected);
        Assert.True(await page.IsHiddenAsync("#prediction"));
        await page.ScreenshotAsync(new() { Path = Screenshot("explorer-upload-message.png") });
    }

    [Fact]
    public async Task A_prediction_in_the_documented_shape_shows_its_class_input_and_ten_bars()
    {
        var (page, errors) = await OpenAsync(1280);
        await WaitForGalleryAsync(page);

        // The page's own rendering module, given a result in the shape issue 4 documents for POST /api/predict.
        await page.EvaluateAsync("""
            async () => {
              const { showPrediction } = await import('./ui/prediction.js');
              const names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
              const probabilities = Object.fromEntries(names.map((n, i) => [n, i === 9 ? 0.91 : 0.01]));
              const pixels = Array.from({ length: 784 }, (_, i) => (i % 28) / 27);
              await showPrediction({ label: 9, className: 'Ankle boot', confidence: 0.91, probabilities, modelVersion: 3,
                predictionId: 42, preprocessed: pixels }, document.querySelector('#gallery-items img').src, 'test image', names);
            }
            """);

        Assert.Equal("Ankle boot", await page.TextContentAsync("#prediction-class"));
        Assert.Equal("(91.0%)", await page.TextContentAsync("#prediction-confidence"));
        Assert.Contains("model 3", await page.TextContentAsync("#prediction-meta"));
        Assert.Equal(10, await page.Locator("#prediction-bars li").CountAsync());
        Assert.Equal("Ankle boot", await page.TextContentAsync("#prediction-bars li.winner .name"));
        var rightmostPixel = await page.EvaluateAsync<int[]>(
            "() => [...document.getElementById('prediction-preprocessed').getContext('2d').getImageData(27, 0, 1, 1).data]");
        Assert.Equal([255, 255, 255, 255], rightmostPixel);
        await page.ScreenshotAsync(new() { Path = Screenshot("explorer-prediction-rendering.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_confusion_matrix_becomes_a_heatmap_with_the_diagonal_marked()
    {
        var (page, errors) = await OpenAsync(1280);
        await WaitForGalleryAsync(page);

        var cells = await page.EvaluateAsync<string[]>("""
            async () => {
              const { heatmap } = await import('./ui/models.js');
              const table = heatmap({ classNames: ['a', 'b'], matrix: [[9, 1], [4, 6]] });
              return [...table.querySelectorAll('tbody td')].map(td => `${td.textContent}:${td.className}`);
            }
            """);

        Assert.Equal(["9:diagonal strong", "1:", "4:", "6:diagonal strong"], cells);
        Assert.Empty(errors);
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

    [Fact]
    public async Task A_slower_older_gallery_answer_never_replaces_a_newer_one()
    {
        var (page, errors) = await OpenAsync(1280);
        await WaitForGalleryAsync(page);
        var release = new TaskCompletionSource();
        await page.RouteAsync(url => url.Contains("/api/images?", StringComparison.Ordinal) && url.Contains("label=Bag", StringComparison.Ordinal), async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });

        var bagRequest = await page.RunAndWaitForRequestAsync(() => page.SelectOptionAsync("#gallery-label", "Bag"), r => r.Url.Contains("label=Bag", StringComparison.Ordinal));
        var bagFailed = FailureOf(page, bagRequest);
        await page.SelectOptionAsync("#gallery-label", "Sneaker");
        await Assertions.Expect(page.Locator("#gallery-page")).ToHaveTextAsync($"1–{GalleryPageSize} of 7000");
        await WaitForGalleryAsync(page);
        release.SetResult();

        // The superseded request was aborted by the page, so its answer cannot land on the cards.
        Assert.Contains("ABORTED", await bagFailed, StringComparison.OrdinalIgnoreCase);
        var truths = await page.Locator("#gallery-items .truth").AllTextContentsAsync();
        Assert.Equal(GalleryPageSize, truths.Count);
        Assert.All(truths, truth => Assert.Equal("Sneaker", truth));
        Assert.Equal("Sneaker", await page.InputValueAsync("#gallery-label"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Filters_and_page_live_in_the_address_and_come_back_from_it()
    {
        var (page, errors) = await OpenAsync(1280);
        await WaitForGalleryAsync(page);

        await page.SelectOptionAsync("#gallery-use", "Testing");
        await page.SelectOptionAsync("#gallery-label", "Coat");
        await Assertions.Expect(page.Locator("#gallery-page")).ToHaveTextAsync($"1–{GalleryPageSize} of 1000");
        await page.ClickAsync("#gallery-next");
        await Assertions.Expect(page.Locator("#gallery-page")).ToHaveTextAsync($"{GalleryPageSize + 1}–{2 * GalleryPageSize} of 1000");
        var query = new Uri(page.Url).Query;
        Assert.Contains("use=Testing", query);
        Assert.Contains("label=Coat", query);
        Assert.Contains($"offset={GalleryPageSize}", query);

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#gallery-page")).ToHaveTextAsync($"{GalleryPageSize + 1}–{2 * GalleryPageSize} of 1000");
        await WaitForGalleryAsync(page);
        Assert.Equal("Testing", await page.InputValueAsync("#gallery-use"));
        Assert.Equal("Coat", await page.InputValueAsync("#gallery-label"));
        Assert.All(await page.Locator("#gallery-items .truth").AllTextContentsAsync(), truth => Assert.Equal("Coat", truth));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_hides_the_earlier_prediction()
    {
        var (page, _) = await OpenAsync(1280);
        await WaitForGalleryAsync(page);
        await page.EvaluateAsync("""
            async () => {
              const { showPrediction } = await import('./ui/prediction.js');
              await showPrediction({ className: 'Bag', confidence: 0.9, probabilities: { Bag: 0.9, Coat: 0.1 } }, '', 'earlier', []);
            }
            """);
        Assert.True(await page.IsVisibleAsync("#prediction"));

        await page.SetInputFilesAsync("#upload-file", new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "hello"u8.ToArray() });

        await Assertions.Expect(page.Locator("#messages .message.error")).ToContainTextAsync("notes.txt is not an image.");
        Assert.True(await page.IsHiddenAsync("#prediction"));
    }

    [Theory]
    [InlineData(1440)]
    [InlineData(375)]
    public async Task Axe_finds_no_serious_or_critical_violation(int width)
    {
        var (page, errors) = await OpenAsync(width);
        await WaitForGalleryAsync(page);
        await WaitForChartAsync(page);

        await AssertAccessibleAsync(page);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task At_375_px_the_distribution_chart_shows_the_api_s_counts_in_readable_text_that_never_overflows()
    {
        var expected = (await fixture.App.Http.GetFromJsonAsync<JsonElement[]>("/api/stats/distribution"))!;
        var (page, errors) = await OpenAsync(375);
        await WaitForChartAsync(page);

        var rows = await page.Locator("#distribution-chart tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [...r.querySelectorAll('th, .value')].map(c => c.textContent))");
        Assert.Equal(expected.Select(r => new[] { r.GetProperty("className").GetString()!, $"{r.GetProperty("training").GetInt32()}", $"{r.GetProperty("testing").GetInt32()}" }), rows);
        // Every piece of text in the chart: its rendered size in CSS px, and whether it is cut off or runs past the chart.
        var texts = await page.EvaluateAsync<ChartText[]>("""
            () => {
              const chart = document.getElementById('distribution-chart').getBoundingClientRect();
              return [...document.querySelectorAll('#distribution-chart th, #distribution-chart .value')].map(e => {
                const box = e.getBoundingClientRect();
                return { text: e.textContent, size: parseFloat(getComputedStyle(e).fontSize), clipped: e.scrollWidth > e.clientWidth + 1,
                         outside: box.left < chart.left - 1 || box.right > chart.right + 1 };
              });
            }
            """);
        Assert.Equal((expected.Length + 1) * 3, texts.Length);
        Assert.All(texts, t => Assert.True(t.Size >= 12, $"{t.Text} is {t.Size} px"));
        Assert.All(texts, t => Assert.False(t.Clipped || t.Outside, $"{t.Text} overflows"));
        Assert.True(await page.EvaluateAsync<bool>("() => { const c = document.getElementById('distribution-chart'); return c.scrollWidth <= c.clientWidth; }"));
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 375);
        // The bars are drawn to scale: in each row, training over testing as the counts are.
        var widths = await page.Locator("#distribution-chart tbody tr").EvaluateAllAsync<double[][]>(
            "rows => rows.map(r => [...r.querySelectorAll('.fill')].map(f => f.getBoundingClientRect().width))");
        for (var i = 0; i < expected.Length; i++)
        {
            var counts = (double)expected[i].GetProperty("training").GetInt32() / expected[i].GetProperty("testing").GetInt32();
            Assert.InRange(widths[i][0] / widths[i][1], counts * 0.9, counts * 1.1);
        }

        await AssertAccessibleAsync(page);
        await page.Locator("#data").ScreenshotAsync(new() { Path = Screenshot("explorer-chart-375.png") });
        Assert.Empty(errors);
    }

    /// <summary>One label or count of the chart as the browser rendered it.</summary>
    private sealed class ChartText
    {
        public string Text { get; set; } = "";

        public double Size { get; set; }

        public bool Clipped { get; set; }

        public bool Outside { get; set; }
    }

    internal static async Task WaitForChartAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#distribution-chart tbody tr').length === 10");

    /// <summary>Why the request failed, once it does (the page aborting it says "net::ERR_ABORTED").</summary>
    internal static Task<string?> FailureOf(IPage page, IRequest request)
    {
        var failed = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.RequestFailed += (_, r) =>
        {
            if (r == request)
            {
                failed.TrySetResult(r.Failure);
            }
        };
        return failed.Task;
    }

    /// <summary>axe-core's rules over the page as it stands; serious and critical violations are listed in the failure.</summary>
    internal static async Task AssertAccessibleAsync(IPage page)
    {
        var results = await page.RunAxe();
        var bad = results.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {string.Join(" | ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target.ToString())))}")
            .ToList();
        Assert.True(bad.Count == 0, string.Join(Environment.NewLine, bad));
    }

    private Task<(IPage Page, List<string> Errors)> OpenAsync(int width) => OpenAsync(chromium, fixture.App, width);

    /// <summary>
    /// A fresh browser context on the page. Errors collects console errors and uncaught exceptions, except Chromium's
    /// own "Failed to load resource" line for an API answer the page is built to expect: 404 or 503 from the model
    /// and prediction routes (no model yet, or a build of the app without them). Any other failed request is an error.
    /// </summary>
    internal static async Task<(IPage Page, List<string> Errors)> OpenAsync(Chromium chromium, FashionApp app, int width)
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
        await page.GotoAsync(new Uri(app.Http.BaseAddress!, "/api/ui").ToString());
        return (page, errors);
    }

    /// <summary>The API's own problem detail for a failed call, to find on the page (asserting it is a problem first).</summary>
    internal static async Task<string> ProblemDetailAsync(HttpResponseMessage response)
    {
        Assert.False(response.IsSuccessStatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.False(string.IsNullOrEmpty(detail));
        return detail;
    }

    internal static bool IsExpectedAbsence(IResponse response) =>
        response.Status is 404 or 503 &&
        new Uri(response.Url).AbsolutePath.Split('/') is [_, "api", "models" or "predictions" or "predict", ..];

    internal static async Task WaitForGalleryAsync(IPage page) =>
        await page.WaitForFunctionAsync(
            $"() => [...document.querySelectorAll('#gallery-items img')].filter(i => i.complete && i.naturalWidth === {GrayscalePng.Side}).length === {GalleryPageSize}");

    internal static string Screenshot(string name) => Path.Combine(Chromium.ScreenshotFolder, name);
}
