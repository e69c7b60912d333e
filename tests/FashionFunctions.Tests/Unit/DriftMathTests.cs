using FashionFunctions.Core.Drift;
using FashionFunctions.Core.Training;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Unit;

/// <summary>The drift watch's arithmetic against figures worked by hand.</summary>
public sealed class DriftMathTests
{
    private static readonly double[] Uniform = [.. Enumerable.Repeat(0.1, 10)];

    [Fact]
    public void Psi_of_a_tenth_moved_between_two_halves_is_0_0405()
    {
        // 0.1 * ln(0.6 / 0.5) + (-0.1) * ln(0.4 / 0.5) = 0.018232 + 0.022314
        Assert.Equal(0.040547, Psi.Compute([0.5, 0.5], [0.6, 0.4]), 6);
    }

    [Fact]
    public void An_empty_bin_counts_as_epsilon_instead_of_making_psi_infinite()
    {
        // 0.5 * ln(1 / 0.5) + (0.0001 - 0.5) * ln(0.0001 / 0.5) = 0.346574 + 4.257745
        Assert.Equal(4.604318, Psi.Compute([0.5, 0.5], [1.0, 0.0]), 6);
    }

    [Fact]
    public void Psi_of_all_bags_against_an_even_mix_is_8_28_and_of_the_same_mix_is_0()
    {
        var allBags = new double[10];
        allBags[8] = 1;

        // 0.9 * ln(1 / 0.1) + 9 * (0.0001 - 0.1) * ln(0.0001 / 0.1) = 2.072327 + 6.210762
        Assert.Equal(8.283089, Psi.Compute(Uniform, allBags), 6);
        Assert.Equal(0, Psi.Compute(Uniform, Uniform), 12);
    }

    [Fact]
    public void Bins_that_do_not_match_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Psi.Compute([0.5, 0.5], [1.0]));
    }

    [Fact]
    public void Shares_of_counts_and_of_nothing()
    {
        Assert.Equal([0.25, 0.75], Psi.Shares([1, 3]));
        Assert.Equal([0.0, 0.0], Psi.Shares([0, 0]));
    }

    [Theory]
    [InlineData(100, 0.25, 0.02, "psi")]
    [InlineData(100, 0.05, 0.08, "oodRate")]
    [InlineData(100, 0.30, 0.20, "psi,oodRate")]
    [InlineData(100, 0.19, 0.05, "")]
    [InlineData(29, 5.00, 0.90, "")]
    public void A_window_crosses_on_psi_or_on_an_ood_rise_and_only_when_judged(long predictions, double psi, double oodRate, string expected)
    {
        var baseline = new DriftBaseline(Uniform, 0.9, 0.01);
        var thresholds = new DriftThresholds(Psi: 0.2, OodRateRise: 0.05, MinPredictions: 30);

        Assert.Equal(expected, string.Join(',', DriftWatch.Reasons(predictions, psi, oodRate, baseline, thresholds)));
    }

    [Fact]
    public void Windows_start_on_the_hour_and_at_midnight_utc()
    {
        var at = new DateTime(2026, 3, 7, 14, 59, 59, DateTimeKind.Utc);

        Assert.Equal(new DateTime(2026, 3, 7, 14, 0, 0, DateTimeKind.Utc), DriftWatch.WindowStart(at, DriftWindowLength.Hour));
        Assert.Equal(new DateTime(2026, 3, 7, 0, 0, 0, DateTimeKind.Utc), DriftWatch.WindowStart(at, DriftWindowLength.Day));
    }

    [Fact]
    public void The_baseline_is_the_predicted_mix_of_the_testing_confusion_matrix()
    {
        // Two Trousers images predicted as T-shirt: the predicted mix is the column sums, not the true-class row sums.
        var matrix = Enumerable.Range(0, 10).Select(r => Enumerable.Range(0, 10).Select(c => r == c ? 10L : 0).ToArray()).ToArray();
        matrix[1][1] = 8;
        matrix[1][0] = 2;
        var model = new ModelVersion
        {
            Version = 1, CreatedAt = DateTime.UtcNow, Status = ModelStatus.Active, Trainer = "sdca",
            ConfusionMatrixJson = System.Text.Json.JsonSerializer.Serialize(matrix),
            OutOfDistributionJson = """{"threshold":1.5,"testingFlagged":0.012}""",
            TestingMeanConfidence = 0.87,
        };

        var baseline = DriftBaseline.From(model)!;

        Assert.Equal(0.12, baseline.ClassMix[0], 9);
        Assert.Equal(0.08, baseline.ClassMix[1], 9);
        Assert.Equal(0.10, baseline.ClassMix[9], 9);
        Assert.Equal(0.012, baseline.OodRate);
        Assert.Equal(0.87, baseline.MeanConfidence);
        Assert.Null(DriftBaseline.From(model with { ConfusionMatrixJson = null }));
    }

    [Fact]
    public void Mean_confidence_is_the_mean_top_probability()
    {
        float[][] probabilities = [[0.9f, 0.1f], [0.3f, 0.7f], [0.6f, 0.4f]];

        // (0.9 + 0.7 + 0.6) / 3
        Assert.Equal(0.733333, ModelEvaluation.From(probabilities, [0u, 0u, 1u]).MeanConfidence, 6);
    }
}
