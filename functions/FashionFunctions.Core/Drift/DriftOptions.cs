using System.ComponentModel.DataAnnotations;

namespace FashionFunctions.Core.Drift;

/// <summary>App settings under "Drift" (env Drift__Name): when the watch runs, what it judges, and whom it tells.</summary>
public sealed class DriftOptions
{
    public const string Section = "Drift";

    /// <summary>When the WatchDrift timer runs (NCRONTAB with seconds); the trigger binds it as %Drift:Schedule%.</summary>
    [Required]
    public string Schedule { get; set; } = "0 5 * * * *";

    /// <summary>
    /// A window with fewer predictions is stored but not judged. Sampling alone gives an unchanged mix of n predictions a
    /// PSI of about 9/n (PSI·n is close to a chi-square with nine degrees of freedom): at 30 rows it would pass 0.2 in most
    /// windows, at 100 in about 2 %.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MinPredictions { get; set; } = 100;

    /// <summary>A window whose class-mix PSI against the Testing baseline reaches this has drifted (0.1 watch, 0.25 act, by the usual rule of thumb).</summary>
    [Range(0.001, 100)]
    public double PsiThreshold { get; set; } = 0.2;

    /// <summary>A window whose out-of-distribution rate exceeds the Testing rate by this much (absolute) has drifted.</summary>
    [Range(0.001, 1)]
    public double OodRateRise { get; set; } = 0.05;

    /// <summary>How far back a run catches up on windows not computed yet (after downtime); older ones are left out.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan CatchUp { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Where a drift alert is POSTed when a window crosses a threshold; empty: alerts are only stored.</summary>
    public string? WebhookUrl { get; set; }
}
