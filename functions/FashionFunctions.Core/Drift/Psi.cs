namespace FashionFunctions.Core.Drift;

/// <summary>
/// Population stability index of one distribution against another: the sum over bins of (actual - expected) *
/// ln(actual / expected). An empty bin would make it infinite, so every share is first raised to at least
/// <see cref="Epsilon"/> (the usual smoothing; the shares are not renormalised).
/// </summary>
public static class Psi
{
    public const double Epsilon = 1e-4;

    public static double Compute(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        if (expected.Count != actual.Count)
        {
            throw new ArgumentException($"Expected {expected.Count} shares and actual {actual.Count}: the bins must match.", nameof(actual));
        }

        var psi = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            var e = Math.Max(expected[i], Epsilon);
            var a = Math.Max(actual[i], Epsilon);
            psi += (a - e) * Math.Log(a / e);
        }

        return psi;
    }

    /// <summary>Counts as shares of their total; all zero when the total is.</summary>
    public static double[] Shares(IReadOnlyList<long> counts)
    {
        var total = counts.Sum();
        return [.. counts.Select(c => total == 0 ? 0 : (double)c / total)];
    }
}
