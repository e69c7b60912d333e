using ScottPlot;

namespace FashionFunctions.Core.Training;

/// <summary>The 10x10 confusion matrix as a heatmap (true class down, predicted class across), drawn by ScottPlot.</summary>
public static class ConfusionHeatmap
{
    public static byte[] Png(long[][] matrix, string title)
    {
        var n = matrix.Length;
        var values = new double[n, n];
        for (var row = 0; row < n; row++)
        {
            for (var col = 0; col < n; col++)
            {
                values[row, col] = matrix[row][col];
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        for (var row = 0; row < n; row++)
        {
            for (var col = 0; col < n; col++)
            {
                var label = plot.Add.Text(matrix[row][col].ToString(System.Globalization.CultureInfo.InvariantCulture), col, n - 1 - row);
                label.LabelFontColor = values[row, col] > 500 ? Colors.Black : Colors.White;
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontSize = 11;
            }
        }

        var ticks = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, [.. FashionClasses.Names.Take(n)]);
        plot.Axes.Left.SetTicks([.. ticks.Select(t => n - 1 - t)], [.. FashionClasses.Names.Take(n)]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 90;
        plot.XLabel("Predicted");
        plot.YLabel("True");
        plot.Title(title);
        return plot.GetImageBytes(800, 720, ImageFormat.Png);
    }
}
