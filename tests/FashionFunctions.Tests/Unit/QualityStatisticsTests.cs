using FashionFunctions.Core.Training;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Unit;

public sealed class QualityStatisticsTests
{
    [Fact]
    public void The_wilson_interval_of_9250_in_10000_is_about_half_a_point_each_way()
    {
        var (low, high) = QualityStatistics.Wilson95(9250, 10_000);

        Assert.Equal(0.9197, low, 4);
        Assert.Equal(0.9300, high, 4);
    }

    [Fact]
    public void The_wilson_interval_stays_inside_0_and_1()
    {
        Assert.Equal(1.0, QualityStatistics.Wilson95(100, 100).High, 12);
        Assert.Equal(0.0, QualityStatistics.Wilson95(0, 100).Low, 12);
        Assert.True(QualityStatistics.Wilson95(100, 100).Low < 1);
    }

    [Theory]
    [InlineData(0, 10, 1.0 / 1024)]
    [InlineData(5, 5, 0.623046875)]
    [InlineData(10, 0, 1.0)]
    [InlineData(0, 0, 1.0)]
    public void McNemar_is_the_exact_binomial_upper_tail(int onlyActive, int onlyCandidate, double expected)
    {
        Assert.Equal(expected, QualityStatistics.McNemarOneSided(onlyActive, onlyCandidate), 9);
    }

    [Fact]
    public void McNemar_handles_thousands_of_disagreements()
    {
        Assert.InRange(QualityStatistics.McNemarOneSided(2000, 2200), 1e-6, 0.01);
        Assert.InRange(QualityStatistics.McNemarOneSided(2200, 2000), 0.99, 1.0);
    }

    [Fact]
    public void An_overconfident_model_gets_a_temperature_above_1_that_lowers_its_calibration_error()
    {
        // Always 99 % sure, right 70 % of the time.
        var random = new Random(5);
        var labels = Enumerable.Range(0, 2000).Select(_ => (uint)random.Next(10)).ToList();
        var probabilities = labels.Select(label =>
        {
            var predicted = random.NextDouble() < 0.7 ? (int)label : ((int)label + 1) % 10;
            var p = Enumerable.Repeat(0.01f / 9, 10).ToArray();
            p[predicted] = 0.99f;
            return p;
        }).ToList();

        var temperature = QualityStatistics.FitTemperature(probabilities, labels);
        var before = QualityStatistics.ExpectedCalibrationError(probabilities, labels);
        var after = QualityStatistics.ExpectedCalibrationError([.. probabilities.Select(p => QualityStatistics.Scale(p, temperature))], labels);

        Assert.True(temperature > 1.5, $"T = {temperature}");
        Assert.Equal(0.29, before, 2);
        Assert.True(after < 0.05, $"ECE after {after}");
    }

    [Fact]
    public void Scaling_keeps_the_ranking_and_sums_to_one()
    {
        float[] p = [0.7f, 0.2f, 0.1f];

        var scaled = QualityStatistics.Scale(p, 2);

        Assert.Equal(0, QualityStatistics.ArgMax(scaled));
        Assert.Equal(1.0, scaled.Sum(), 5);
        Assert.True(scaled[0] < 0.7f);
    }
}
