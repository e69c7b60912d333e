using FashionFunctions.Tests.Infrastructure;
using Microsoft.Playwright;
using static FashionFunctions.Tests.Explorer.ExplorerPageTests;

namespace FashionFunctions.Tests.Explorer;

/// <summary>The correction in the prediction panel, in real headless Chromium, stored by the real API in MariaDB.</summary>
[Collection(LearningLoopDatabase.Name)]
public sealed class CorrectionPageTests(LearningLoopFixture fixture, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task An_upload_corrected_on_the_page_becomes_a_feedback_image_with_the_chosen_class()
    {
        var (page, errors) = await OpenAsync(chromium, fixture.App, 1280);
        await WaitForGalleryAsync(page);
        var png = await fixture.App.Http.GetByteArrayAsync("/api/images/Testing/40/png");

        await page.SetInputFilesAsync("#upload-file", new FilePayload { Name = "upload.png", MimeType = "image/png", Buffer = png });
        await Assertions.Expect(page.Locator("#correction-label")).ToBeVisibleAsync();
        var predicted = await page.TextContentAsync("#prediction-class");
        var meta = await page.TextContentAsync("#prediction-meta");
        var id = long.Parse(System.Text.RegularExpressions.Regex.Match(meta!, @"prediction (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var choice = predicted == "Bag" ? "Coat" : "Bag";
        await page.SelectOptionAsync("#correction-label", new SelectOptionValue { Label = choice });
        await page.ClickAsync(".correction button[type=submit]");

        await Assertions.Expect(page.Locator("#correction-status")).ToContainTextAsync($"Saved: {choice}");
        Assert.Equal(FashionClasses.Names.ToList().IndexOf(choice),
            await fixture.Database.ScalarAsync<int>("SELECT img_label FROM tf_images WHERE img_use = 3 AND img_idx = @id", new { id }));
        Assert.True(await page.Locator($"#correction-label option:text-is(\"{predicted}\")").IsDisabledAsync());
        await page.ScreenshotAsync(new() { Path = Screenshot("explorer-correction.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_stored_image_s_prediction_offers_no_correction()
    {
        var (page, errors) = await OpenAsync(chromium, fixture.App, 1280);
        await WaitForGalleryAsync(page);

        await page.FocusAsync("#gallery-items li:first-child button");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#prediction-meta")).ToContainTextAsync("prediction ");
        Assert.Equal(0, await page.Locator("#prediction-correction form").CountAsync());
        Assert.Empty(errors);
    }
}
