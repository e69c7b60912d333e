using FashionFunctions.Core.Drift;

namespace FashionFunctions.Monitoring;

public sealed class WatchDrift(DriftWatch drift)
{
    /// <summary>Hourly by default (Drift:Schedule, NCRONTAB with seconds): computes the windows closed since the last run.</summary>
    [Function(nameof(WatchDrift))]
    public Task Run([TimerTrigger("%Drift:Schedule%")] TimerInfo timer, CancellationToken ct) => drift.WatchAsync(ct);
}
