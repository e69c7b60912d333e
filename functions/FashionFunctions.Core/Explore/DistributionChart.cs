using ScottPlot;

namespace FashionFunctions.Core.Explore;

/// <summary>The article's grouped bar chart of training and testing images per class, drawn by ScottPlot.</summary>
public static class DistributionChart
{
    private const int Width = 900;
    private const int Height = 500;

    public static byte[] Png(IReadOnlyList<DistributionRow> rows) => Build(rows).GetImageBytes(Width, Height, ImageFormat.Png);

    public static string Svg(IReadOnlyList<DistributionRow> rows) => Build(rows).GetSvgXml(Width, Height);

    private static Plot Build(IReadOnlyList<DistributionRow> rows)
    {
        var plot = new Plot();
        var training = new List<Bar>();
        var testing = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            training.Add(new Bar { Position = (i * 3) + 1, Value = rows[i].Training, FillColor = Colors.SteelBlue });
            testing.Add(new Bar { Position = (i * 3) + 2, Value = rows[i].Testing, FillColor = Colors.Orange });
        }

        plot.Add.Bars(training).LegendText = "Training";
        plot.Add.Bars(testing).LegendText = "Testing";
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Bottom.SetTicks([.. rows.Select((_, i) => (i * 3) + 1.5)], [.. rows.Select(r => r.ClassName)]);
        // Headroom above the tallest bar keeps the legend clear of the bars.
        plot.Axes.SetLimitsY(0, Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => Math.Max(r.Training, r.Testing))) * 1.2);
        plot.Title("Fashion-MNIST images per class");
        plot.YLabel("Images");
        return plot;
    }
}
