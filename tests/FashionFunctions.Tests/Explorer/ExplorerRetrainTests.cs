using Azure.Storage.Queues;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static FashionFunctions.Tests.Explorer.ExplorerPageTests;

namespace FashionFunctions.Tests.Explorer;

/// <summary>
/// Retraining from the page, end to end: the browser posts the request, the real queue function trains what it
/// dequeues from Azurite (as the Functions host would), and the page's polling shows it through to the new model.
/// </summary>
[Collection(TrainingDatabase.Name)]
public sealed class ExplorerRetrainTests(TrainingFixture fixture, Chromium chromium) : IClassFixture<Chromium>
{
    private static readonly LocatorAssertionsToContainTextOptions Patiently = new() { Timeout = 120_000 };

    private QueueClient Queue => fixture.App.Get<RetrainQueue>().Client;

    [Fact]
    public async Task A_retrain_requested_on_the_page_shows_its_progress_until_the_new_model_is_active()
    {
        await Queue.CreateIfNotExistsAsync();
        await Queue.ClearMessagesAsync();
        var (page, errors) = await OpenAsync(chromium, fixture.App, 1280);
        await WaitForGalleryAsync(page);

        await page.SelectOptionAsync("#retrain-trainer", "sdca");
        await page.FillAsync("#retrain-limit", "2000");
        await page.CheckAsync("#retrain-force");
        await page.ClickAsync("#retrain");
        await Assertions.Expect(page.Locator("#retrain-status")).ToContainTextAsync("Retrain queued");
        Assert.True(await page.IsDisabledAsync("#retrain"));
        Assert.True(await page.IsVisibleAsync("#retrain-progress"));

        var message = (await Queue.ReceiveMessageAsync()).Value;
        Assert.Contains("\"trainLimit\":2000", message.MessageText);
        await ActivatorUtilities.CreateInstance<RetrainFromQueue>(fixture.App.Services).Run(message.MessageText, CancellationToken.None);
        await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);

        await Assertions.Expect(page.Locator("#retrain-status")).ToContainTextAsync("Retrain succeeded", Patiently);
        var version = (await fixture.App.Get<ModelRegistry>().GetActiveAsync(CancellationToken.None))!.Version;
        await Assertions.Expect(page.Locator("#retrain-status")).ToContainTextAsync($"model {version}");
        await Assertions.Expect(page.Locator("#active-model")).ToHaveTextAsync($"{version}");
        await Assertions.Expect(page.Locator("#confusion-model")).ToHaveTextAsync($"(model {version})");
        Assert.Equal(10, await page.Locator("#confusion table.heatmap tbody tr").CountAsync());
        Assert.False(await page.IsDisabledAsync("#retrain"));
        await page.ScreenshotAsync(new() { Path = Screenshot("explorer-retrained.png"), FullPage = true });
        Assert.Empty(errors);
    }
}
