using ScottPlot;

namespace FashionFunctions.Core.Drift;

/// <summary>PSI (left axis) and out-of-distribution rate (right axis) of the judged windows over time, with their alarm levels, drawn by ScottPlot.</summary>
public static class DriftChart
{
    public static byte[] Png(DriftReport report, int width, int height)
    {
        var plot = new Plot();
        var judged = report.Windows.Where(w => w.Judged).ToList();
        var times = judged.Select(w => w.Start.ToOADate()).ToArray();

        var psi = plot.Add.Scatter(times, [.. judged.Select(w => w.Psi ?? 0)]);
        psi.LegendText = "PSI (class mix)";
        psi.Color = Colors.SteelBlue;
        var psiLine = plot.Add.HorizontalLine(report.Thresholds.Psi);
        psiLine.LinePattern = LinePattern.Dashed;
        psiLine.Color = Colors.SteelBlue;
        psiLine.LegendText = $"PSI threshold {report.Thresholds.Psi}";

        var ood = plot.Add.Scatter(times, [.. judged.Select(w => w.OodRate ?? 0)]);
        ood.LegendText = "Out-of-distribution rate";
        ood.Color = Colors.OrangeRed;
        ood.Axes.YAxis = plot.Axes.Right;
        var oodAlarm = (report.Baseline?.OodRate ?? 0) + report.Thresholds.OodRateRise;
        var oodLine = plot.Add.HorizontalLine(oodAlarm);
        oodLine.LinePattern = LinePattern.Dashed;
        oodLine.Color = Colors.OrangeRed;
        oodLine.Axes.YAxis = plot.Axes.Right;
        oodLine.LegendText = $"OOD alarm {oodAlarm:0.###}";

        plot.Axes.DateTimeTicksBottom();
        // Zero-based axes with room above the alarm lines, so a quiet series reads as quiet rather than filling the chart.
        plot.Axes.SetLimitsY(0, Math.Max(report.Thresholds.Psi, judged.Select(w => w.Psi ?? 0).DefaultIfEmpty(0).Max()) * 1.25, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Min(1, Math.Max(oodAlarm, judged.Select(w => w.OodRate ?? 0).DefaultIfEmpty(0).Max()) * 1.25), plot.Axes.Right);
        if (times.Length == 0)
        {
            var now = DateTime.UtcNow;
            plot.Axes.SetLimitsX(now.AddDays(-1).ToOADate(), now.ToOADate());
        }

        plot.Axes.Left.Label.Text = "PSI";
        plot.Axes.Right.Label.Text = "OOD rate";
        plot.Title(report.ModelVersion is { } version
            ? $"Drift of model {version} per {report.Window.ToString().ToLowerInvariant()} ({judged.Count} judged windows)"
            : "Drift: no active model");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
