using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace FashionFunctions.Training;

/// <summary>
/// "This is not a garment": a logistic combination of four signals, fitted on the validation images (garments) against
/// synthetic non-garments, with the threshold set so that a chosen share of validation images is flagged. Every model
/// carries its own detector (in its zip and, as figures, in the registry). The signals:
/// <list type="bullet">
/// <item>feature distance: how far the engineered features lie from the nearest class, per feature in units of that
/// class's spread (a diagonal Gaussian per class, fitted on the training rows);</item>
/// <item>uncertainty: -log of the calibrated top probability;</item>
/// <item>ink and brightness: how far the share of lit pixels and the mean intensity lie from the training images'.</item>
/// </list>
/// </summary>
public sealed record OutOfDistributionDetector(
    float[][] ClassMeans,
    float[][] ClassInverseVariances,
    double InkMean,
    double InkSpread,
    double BrightnessMean,
    double BrightnessSpread,
    double[] SignalMeans,
    double[] SignalSpreads,
    double[] Weights,
    double Bias,
    double Threshold)
{
    public static IReadOnlyList<string> SignalNames { get; } = ["featureDistance", "uncertainty", "inkDeviation", "brightnessDeviation"];

    private const float InkLevel = 0.2f;

    /// <summary>The detector's logit: above <see cref="Threshold"/> means out of distribution.</summary>
    public double Score(ReadOnlySpan<float> pixels, ReadOnlySpan<float> features, ReadOnlySpan<float> probabilities)
    {
        Span<double> signals = stackalloc double[SignalNames.Count];
        Signals(pixels, features, probabilities, signals);
        var logit = Bias;
        for (var i = 0; i < signals.Length; i++)
        {
            logit += Weights[i] * (signals[i] - SignalMeans[i]) / SignalSpreads[i];
        }

        return Math.Round(logit, 6);
    }

    public bool IsOutOfDistribution(double score) => score > Threshold;

    public bool Flags(Sample sample) => IsOutOfDistribution(Score(sample.Pixels, sample.Features, sample.Probabilities));

    private void Signals(ReadOnlySpan<float> pixels, ReadOnlySpan<float> features, ReadOnlySpan<float> probabilities, Span<double> signals)
    {
        var nearest = double.MaxValue;
        for (var c = 0; c < ClassMeans.Length; c++)
        {
            var distance = 0.0;
            for (var d = 0; d < features.Length; d++)
            {
                var gap = features[d] - ClassMeans[c][d];
                distance += gap * gap * ClassInverseVariances[c][d];
            }

            nearest = Math.Min(nearest, distance / features.Length);
        }

        var (ink, brightness) = PixelStatistics(pixels);
        signals[0] = Math.Log(1 + nearest);
        signals[1] = -Math.Log(Math.Max(1e-9, probabilities[QualityStatistics.ArgMax(probabilities)]));
        signals[2] = Math.Abs(ink - InkMean) / InkSpread;
        signals[3] = Math.Abs(brightness - BrightnessMean) / BrightnessSpread;
    }

    private static (double Ink, double Brightness) PixelStatistics(ReadOnlySpan<float> pixels)
    {
        var lit = 0;
        var sum = 0.0;
        foreach (var p in pixels)
        {
            lit += p > InkLevel ? 1 : 0;
            sum += p;
        }

        return ((double)lit / pixels.Length, sum / pixels.Length);
    }

    /// <summary>One scored image: its pixels (0..1), engineered features and calibrated probabilities.</summary>
    public readonly record struct Sample(float[] Pixels, float[] Features, float[] Probabilities)
    {
        public static Sample Of(float[] pixels, float[] probabilities)
        {
            var features = new float[FashionFeatures.Length];
            FashionFeatures.Compute(pixels, features);
            return new Sample(pixels, features, probabilities);
        }
    }

    /// <summary>
    /// Fits the detector: class statistics on the training rows; the signal weights by logistic regression (ML.NET,
    /// L-BFGS) of validation garments against synthetic non-garments; the threshold at the validation quantile that
    /// flags <paramref name="garmentsFlagged"/> of the garments.
    /// </summary>
    public static OutOfDistributionDetector Fit(
        MLContext ml, TrainingSet training, IReadOnlyList<Sample> validation, IReadOnlyList<Sample> negatives, double garmentsFlagged)
    {
        var (means, inverseVariances) = ClassStatistics(training);
        var pixelStatistics = Enumerable.Range(0, training.Count).Select(i => PixelStatistics(training.Row(i))).ToList();
        var (inkMean, inkSpread) = MeanAndSpread(pixelStatistics.Select(s => s.Ink));
        var (brightnessMean, brightnessSpread) = MeanAndSpread(pixelStatistics.Select(s => s.Brightness));
        var raw = new OutOfDistributionDetector(means, inverseVariances, inkMean, inkSpread, brightnessMean, brightnessSpread,
            [0, 0, 0, 0], [1, 1, 1, 1], [0, 0, 0, 0], 0, 0);

        double[] SignalsOf(Sample s)
        {
            var signals = new double[SignalNames.Count];
            raw.Signals(s.Pixels, s.Features, s.Probabilities, signals);
            return signals;
        }

        var rows = validation.Select(s => (Signals: SignalsOf(s), Negative: false))
            .Concat(negatives.Select(s => (Signals: SignalsOf(s), Negative: true))).ToList();
        var spreadStatistics = Enumerable.Range(0, SignalNames.Count).Select(i => MeanAndSpread(rows.Select(r => r.Signals[i]))).ToList();
        var signalMeans = spreadStatistics.Select(s => s.Mean).ToArray();
        var signalSpreads = spreadStatistics.Select(s => s.Spread).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows.Select(r => new SignalRow
        {
            Features = [.. r.Signals.Select((v, i) => (float)((v - signalMeans[i]) / signalSpreads[i]))],
            Label = r.Negative,
        }));
        var regression = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            NumberOfThreads = 1,
            L2Regularization = 0.01f,
        }).Fit(data);
        var linear = regression.Model.SubModel;
        var fitted = raw with
        {
            SignalMeans = signalMeans,
            SignalSpreads = signalSpreads,
            Weights = [.. linear.Weights.Select(w => (double)w)],
            Bias = linear.Bias,
        };

        var garmentScores = validation.Select(s => fitted.Score(s.Pixels, s.Features, s.Probabilities)).Order().ToList();
        var threshold = garmentScores[Math.Clamp((int)Math.Ceiling(garmentScores.Count * (1 - garmentsFlagged)) - 1, 0, garmentScores.Count - 1)];
        return fitted with { Threshold = threshold };
    }

    /// <summary>Per class, the mean and variance of every engineered feature, computed row by row (no feature matrix is kept).</summary>
    private static (float[][] Means, float[][] InverseVariances) ClassStatistics(TrainingSet training)
    {
        const int length = FashionFeatures.Length;
        var means = new float[FashionClasses.Count][];
        var inverseVariances = new float[FashionClasses.Count][];
        var row = new float[length];
        for (var c = 0; c < FashionClasses.Count; c++)
        {
            var rows = Enumerable.Range(0, training.Count).Where(i => training.Labels[i] == c).ToList();
            var mean = new double[length];
            var square = new double[length];
            foreach (var i in rows)
            {
                FashionFeatures.Compute(training.Row(i), row);
                for (var d = 0; d < length; d++)
                {
                    mean[d] += row[d];
                    square[d] += row[d] * row[d];
                }
            }

            means[c] = new float[length];
            inverseVariances[c] = new float[length];
            for (var d = 0; d < length; d++)
            {
                var m = mean[d] / Math.Max(1, rows.Count);
                var variance = Math.Max(0, (square[d] / Math.Max(1, rows.Count)) - (m * m));
                means[c][d] = (float)m;
                // A floor keeps a feature that never varies within a class (an always-dark corner) from dominating.
                inverseVariances[c][d] = (float)(1 / (variance + 1e-3));
            }
        }

        return (means, inverseVariances);
    }

    private static (double Mean, double Spread) MeanAndSpread(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        var spread = Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / list.Count);
        return (mean, spread < 1e-9 ? 1 : spread);
    }

    private sealed class SignalRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
