using FashionFunctions.Core.Training;

namespace FashionFunctions.Training;

public sealed class RetrainOnSchedule(RetrainService retrains)
{
    /// <summary>Nightly by default; RetrainSchedule is an NCRONTAB expression (seconds first).</summary>
    [Function(nameof(RetrainOnSchedule))]
    [FixedDelayRetry(2, "00:05:00")]
    public Task Run([TimerTrigger("%RetrainSchedule%")] TimerInfo timer, CancellationToken ct) =>
        retrains.RunAsync(new RetrainRequest { RequestId = $"timer-{DateTime.UtcNow:yyyyMMddHHmmss}" }, "timer", ct);
}
