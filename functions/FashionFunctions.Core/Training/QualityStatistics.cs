namespace FashionFunctions.Core.Training;

/// <summary>
/// The few textbook formulas behind the registry's honest figures: Wilson's interval for an accuracy, McNemar's exact
/// test for two models scored on the same rows, expected calibration error, and temperature scaling. Each is a handful
/// of lines; a statistics package would add a dependency for less than this file.
/// </summary>
public static class QualityStatistics
{
    private const double Z95 = 1.959963984540054;

    /// <summary>Wilson score interval: unlike the normal approximation, it stays inside [0, 1] and is right near the ends.</summary>
    public static (double Low, double High) Wilson95(int correct, int total)
    {
        if (total == 0)
        {
            return (0, 1);
        }

        var p = (double)correct / total;
        var z2 = Z95 * Z95;
        var centre = (p + (z2 / (2 * total))) / (1 + (z2 / total));
        var half = Z95 * Math.Sqrt((p * (1 - p) / total) + (z2 / (4.0 * total * total))) / (1 + (z2 / total));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// McNemar's exact test, one-sided: the probability of the candidate winning at least <paramref name="onlyCandidate"/>
    /// of the rows the two models disagree on, were both equally good. Rows both get right or both get wrong say nothing.
    /// </summary>
    public static double McNemarOneSided(int onlyActive, int onlyCandidate)
    {
        var n = onlyActive + onlyCandidate;
        if (n == 0)
        {
            return 1;
        }

        // Binomial(n, 1/2) upper tail, summed in log space so thousands of disagreements neither overflow nor underflow.
        var logChoose = 0.0;
        var terms = new List<double>();
        for (var k = 0; k <= n; k++)
        {
            if (k >= onlyCandidate)
            {
                terms.Add(logChoose - (n * Math.Log(2)));
            }

            logChoose += Math.Log(n - k) - Math.Log(k + 1);
        }

        var max = terms.Max();
        return Math.Min(1, Math.Exp(max) * terms.Sum(t => Math.Exp(t - max)));
    }

    /// <summary>Mean gap between confidence and accuracy over 15 equal-width confidence bins, weighted by rows.</summary>
    public static double ExpectedCalibrationError(IReadOnlyList<float[]> probabilities, IReadOnlyList<uint> labels)
    {
        const int bins = 15;
        var count = new int[bins];
        var confidence = new double[bins];
        var correct = new double[bins];
        for (var i = 0; i < probabilities.Count; i++)
        {
            var predicted = ArgMax(probabilities[i]);
            var p = probabilities[i][predicted];
            var bin = Math.Min(bins - 1, (int)(p * bins));
            count[bin]++;
            confidence[bin] += p;
            correct[bin] += predicted == labels[i] ? 1 : 0;
        }

        var total = probabilities.Count;
        return total == 0 ? 0 : Enumerable.Range(0, bins).Sum(b => count[b] == 0 ? 0 : Math.Abs(correct[b] - confidence[b]) / total);
    }

    /// <summary>The temperature that minimises the log-loss of softmax(log p / T) on the given rows (golden-section search on log T).</summary>
    public static double FitTemperature(IReadOnlyList<float[]> probabilities, IReadOnlyList<uint> labels)
    {
        double Loss(double logT)
        {
            var t = Math.Exp(logT);
            var sum = 0.0;
            for (var i = 0; i < probabilities.Count; i++)
            {
                sum -= Math.Log(Math.Max(1e-12, Scale(probabilities[i], t)[labels[i]]));
            }

            return sum;
        }

        double low = Math.Log(0.2), high = Math.Log(5);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        for (var step = 0; step < 40; step++)
        {
            var a = high - (ratio * (high - low));
            var b = low + (ratio * (high - low));
            (low, high) = Loss(a) < Loss(b) ? (low, b) : (a, high);
        }

        return Math.Round(Math.Exp((low + high) / 2), 4);
    }

    /// <summary>softmax(log p / T): the same ranking, sharper (T &lt; 1) or softer (T &gt; 1).</summary>
    public static float[] Scale(float[] probabilities, double temperature)
    {
        if (temperature == 1)
        {
            return probabilities;
        }

        var logits = probabilities.Select(p => Math.Log(Math.Max(p, 1e-12f)) / temperature).ToArray();
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return [.. exp.Select(e => (float)(e / sum))];
    }

    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }
}
