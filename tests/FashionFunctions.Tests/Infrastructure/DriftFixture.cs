using FashionFunctions.Core.Drift;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FashionFunctions.Tests.Infrastructure;

/// <summary>
/// A migrated database of its own (no images: the drift watch reads only the registry and the predictions table), the
/// app over it, and a webhook listener the drift alerts go to. Each test registers and activates a model of its own
/// with a known Testing baseline, then writes predictions into chosen windows.
/// </summary>
public sealed class DriftFixture : IAsyncLifetime
{
    /// <summary>Testing figures of every model here: an even predicted mix, 1 % flagged, mean confidence 0.85.</summary>
    public const double BaselineOodRate = 0.01;

    public TestDatabase Database { get; private set; } = null!;

    public FashionApp App { get; private set; } = null!;

    public WebhookListener Webhook { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Webhook = await WebhookListener.StartAsync();
        Database = await TestDatabase.CreateAsync("drift");
        App = await FashionApp.StartAsync(Database, new Dictionary<string, string?>
        {
            ["Drift:WebhookUrl"] = Webhook.Url,
            ["Drift:MinPredictions"] = "30",
            ["Drift:PsiThreshold"] = "0.2",
            ["Drift:OodRateRise"] = "0.05",
        });
    }

    /// <summary>The app's drift watch, but reading "now" from the given clock.</summary>
    public DriftWatch Watch(TimeProvider clock) => ActivatorUtilities.CreateInstance<DriftWatch>(App.Services, clock);

    public static FakeTimeProvider Clock(DateTime utc) => new(new DateTimeOffset(utc, TimeSpan.Zero));

    /// <summary>Registers a model whose Testing predictions were spread evenly over the classes and makes it the active one.</summary>
    public async Task<long> ActivateNewModelAsync()
    {
        var matrix = System.Text.Json.JsonSerializer.Serialize(
            Enumerable.Range(0, 10).Select(r => Enumerable.Range(0, 10).Select(c => r == c ? 900L : 10L).ToArray()));
        var version = await Database.ScalarAsync<long>("""
            INSERT INTO models (trainer, hyperparameters, status, accuracy, confusion_matrix, out_of_distribution, testing_mean_confidence)
            VALUES ('sdca', '{}', 'candidate', 0.9, @matrix, JSON_OBJECT('threshold', 1.0, 'testingFlagged', @ood), 0.85);
            SELECT LAST_INSERT_ID();
            """, new { matrix, ood = BaselineOodRate });
        await Database.ScalarAsync<long>("""
            UPDATE models SET status = 'retired' WHERE status = 'active';
            UPDATE models SET status = 'active' WHERE version = @version;
            SELECT ROW_COUNT();
            """, new { version });
        return version;
    }

    /// <summary>
    /// Live predictions ten seconds apart from a moment on: of one class, or of every class in turn; the first
    /// <paramref name="flagged"/> of them out of distribution.
    /// </summary>
    public Task<long> AddPredictionsAsync(long model, DateTime from, int count, int? label = null, int flagged = 0, bool shadow = false) =>
        Database.ScalarAsync<long>($"""
            INSERT INTO predictions (created_at, model_version, source, shadow, input_sha256, predicted_label, confidence,
                                     out_of_distribution, ood_score, probabilities, latency_ms)
            SELECT @from + INTERVAL seq * 10 SECOND, @model, 'upload', @shadow, REPEAT('0', 64), COALESCE(@label, seq % 10), 0.8,
                   seq < @flagged, 0, '[]', 1
            FROM seq_0_to_{count - 1};
            SELECT ROW_COUNT();
            """, new { from, model, label, flagged, shadow });

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
        await Webhook.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DriftDatabase : ICollectionFixture<DriftFixture>
{
    public const string Name = "Drift database";
}
