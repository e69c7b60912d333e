using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML;

namespace FashionFunctions.Core.Training;

/// <summary>
/// "This is not a garment": a logistic regression (ML.NET, L-BFGS, L2-regularised) of garments against synthetic
/// non-garments over the engineered features and nine signals, fitted on a sample of the training images; its threshold
/// is set on the validation images (which it never saw) so that a chosen share of them is flagged. Testing plays no
/// part. Every model carries its own detector (in its zip and, as figures, in the registry). The signals:
/// <list type="bullet">
/// <item>reconstruction error: how much of the image lies outside the principal subspace of the training images
/// (ML.NET's randomized PCA, fitted on the training pixels);</item>
/// <item>subspace distance: how far its coordinates within that subspace lie, in units of the training spread;</item>
/// <item>feature distance: how far the engineered features lie from the nearest class, per feature in units of that
/// class's spread (a diagonal Gaussian per class, fitted on the training rows);</item>
/// <item>uncertainty: -log of the calibrated top probability;</item>
/// <item>ink and brightness: how far the share of lit pixels and the mean intensity lie from the training images';</item>
/// <item>roughness: how much pixels differ from their neighbours, relative to the brightness;</item>
/// <item>edge strength: the strongest gradients, unnormalised (a garment has a sharp outline);</item>
/// <item>frame ink: how lit the least-lit edge of the frame is (a garment leaves background at two sides).</item>
/// </list>
/// </summary>
public sealed record OutOfDistributionDetector(
    float[] PixelMean,
    float[][] PixelComponents,
    double[] ComponentVariances,
    float[][] ClassMeans,
    float[][] ClassInverseVariances,
    double InkMean,
    double InkSpread,
    double BrightnessMean,
    double BrightnessSpread,
    double[] InputMeans,
    double[] InputSpreads,
    double[] Weights,
    double Bias,
    double Threshold)
{
    public static IReadOnlyList<string> SignalNames { get; } =
        ["reconstructionError", "subspaceDistance", "featureDistance", "uncertainty", "inkDeviation", "brightnessDeviation", "roughness", "edgeStrength", "frameInk"];

    /// <summary>Principal components of the training pixels kept by the detector.</summary>
    public const int Components = 32;

    private const float InkLevel = 0.2f;

    /// <summary>The detector's logit: above <see cref="Threshold"/> means out of distribution.</summary>
    public double Score(Sample sample)
    {
        var input = Input(sample);
        var logit = Bias;
        for (var i = 0; i < input.Length; i++)
        {
            logit += Weights[i] * (input[i] - InputMeans[i]) / InputSpreads[i];
        }

        return Math.Round(logit, 6);
    }

    /// <summary>The regression's input: the signals, then the engineered features themselves.</summary>
    private const int InputLength = 9 + FashionFeatures.Length;

    private double[] Input(Sample sample)
    {
        var input = new double[InputLength];
        Signals(sample.Pixels, sample.Features, sample.Probabilities, input.AsSpan(0, SignalNames.Count));
        for (var i = 0; i < sample.Features.Length; i++)
        {
            input[SignalNames.Count + i] = sample.Features[i];
        }

        return input;
    }

    public bool IsOutOfDistribution(double score) => score > Threshold;

    public bool Flags(Sample sample) => IsOutOfDistribution(Score(sample));

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

        var (residual, subspace) = Subspace(pixels);
        var (ink, brightness) = PixelStatistics(pixels);
        signals[0] = Math.Log(1e-4 + residual);
        signals[1] = Math.Log(1 + subspace);
        signals[2] = Math.Log(1 + nearest);
        signals[3] = -Math.Log(Math.Max(1e-9, probabilities[QualityStatistics.ArgMax(probabilities)]));
        signals[4] = Math.Abs(ink - InkMean) / InkSpread;
        signals[5] = Math.Abs(brightness - BrightnessMean) / BrightnessSpread;
        signals[6] = Roughness(pixels, brightness);
        signals[7] = EdgeStrength(pixels);
        signals[8] = FrameInk(pixels);
    }

    /// <summary>
    /// Mean of the strongest 5 % of gradient magnitudes: a garment has a sharp outline against its background, a colour
    /// gradient or smooth noise has none. Block-normalised gradient histograms cannot tell, as they drop the magnitude.
    /// </summary>
    private static double EdgeStrength(ReadOnlySpan<float> pixels)
    {
        const int side = Images.GrayscalePng.Side;
        Span<float> magnitudes = stackalloc float[(side - 2) * (side - 2)];
        var n = 0;
        for (var y = 1; y < side - 1; y++)
        {
            for (var x = 1; x < side - 1; x++)
            {
                var i = (y * side) + x;
                var gx = pixels[i + 1] - pixels[i - 1];
                var gy = pixels[i + side] - pixels[i - side];
                magnitudes[n++] = MathF.Sqrt((gx * gx) + (gy * gy));
            }
        }

        magnitudes.Sort();
        var strongest = magnitudes[^(magnitudes.Length / 20)..];
        var sum = 0.0;
        foreach (var m in strongest)
        {
            sum += m;
        }

        return sum / strongest.Length;
    }

    /// <summary>
    /// Share of lit pixels on the least-lit edge of the frame: a garment is centred with its shorter sides padded by
    /// background, while noise, textures and full-frame pictures reach all four edges.
    /// </summary>
    private static double FrameInk(ReadOnlySpan<float> pixels)
    {
        const int side = Images.GrayscalePng.Side;
        int top = 0, bottom = 0, left = 0, right = 0;
        for (var k = 0; k < side; k++)
        {
            top += pixels[k] > InkLevel ? 1 : 0;
            bottom += pixels[((side - 1) * side) + k] > InkLevel ? 1 : 0;
            left += pixels[k * side] > InkLevel ? 1 : 0;
            right += pixels[(k * side) + side - 1] > InkLevel ? 1 : 0;
        }

        return (double)Math.Min(Math.Min(top, bottom), Math.Min(left, right)) / side;
    }

    /// <summary>
    /// Mean gap between each pixel and the mean of its four neighbours, relative to the brightness: high for noise, fine
    /// print and textures, low for the smooth surfaces of garments.
    /// </summary>
    private static double Roughness(ReadOnlySpan<float> pixels, double brightness)
    {
        const int side = Images.GrayscalePng.Side;
        var sum = 0.0;
        for (var y = 1; y < side - 1; y++)
        {
            for (var x = 1; x < side - 1; x++)
            {
                var i = (y * side) + x;
                sum += Math.Abs(pixels[i] - ((pixels[i - 1] + pixels[i + 1] + pixels[i - side] + pixels[i + side]) / 4));
            }
        }

        return Math.Log(1 + (sum / ((side - 2) * (side - 2)) / (brightness + 0.05)));
    }

    /// <summary>Mean squared residual off the principal subspace, and the mean squared standardised coordinate in it.</summary>
    private (double Residual, double Subspace) Subspace(ReadOnlySpan<float> pixels)
    {
        Span<float> centred = stackalloc float[pixels.Length];
        var energy = 0.0;
        for (var i = 0; i < pixels.Length; i++)
        {
            centred[i] = pixels[i] - PixelMean[i];
            energy += centred[i] * centred[i];
        }

        var explained = 0.0;
        var subspace = 0.0;
        for (var k = 0; k < PixelComponents.Length; k++)
        {
            var coordinate = 0.0;
            for (var i = 0; i < pixels.Length; i++)
            {
                coordinate += centred[i] * PixelComponents[k][i];
            }

            explained += coordinate * coordinate;
            subspace += coordinate * coordinate / ComponentVariances[k];
        }

        return (Math.Max(0, energy - explained) / pixels.Length, subspace / PixelComponents.Length);
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
    /// Fits the detector: class and pixel statistics on the training rows; the weights by logistic regression of
    /// <paramref name="garments"/> (training images) against synthetic <paramref name="negatives"/>; the threshold at the
    /// validation quantile that flags <paramref name="garmentsFlagged"/> of the validation garments.
    /// </summary>
    public static OutOfDistributionDetector Fit(
        MLContext ml, TrainingSet training, IReadOnlyList<Sample> garments, IReadOnlyList<Sample> validation, IReadOnlyList<Sample> negatives,
        double garmentsFlagged)
    {
        var (means, inverseVariances) = ClassStatistics(training);
        var pixelStatistics = Enumerable.Range(0, training.Count).Select(i => PixelStatistics(training.Row(i))).ToList();
        var (inkMean, inkSpread) = MeanAndSpread(pixelStatistics.Select(s => s.Ink));
        var (brightnessMean, brightnessSpread) = MeanAndSpread(pixelStatistics.Select(s => s.Brightness));
        var (pixelMean, components, variances) = PrincipalComponents(ml, training);
        var none = new double[InputLength];
        var raw = new OutOfDistributionDetector(pixelMean, components, variances, means, inverseVariances, inkMean, inkSpread,
            brightnessMean, brightnessSpread, none, [.. none.Select(_ => 1.0)], none, 0, 0);

        var rows = garments.Select(s => (Input: raw.Input(s), Negative: false))
            .Concat(negatives.Select(s => (Input: raw.Input(s), Negative: true))).ToList();
        var spreads = Enumerable.Range(0, InputLength).Select(i => MeanAndSpread(rows.Select(r => r.Input[i]))).ToList();
        var inputMeans = spreads.Select(s => s.Mean).ToArray();
        var inputSpreads = spreads.Select(s => s.Spread).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows.Select(r => new InputRow
        {
            Features = [.. r.Input.Select((v, i) => (float)((v - inputMeans[i]) / inputSpreads[i]))],
            Label = r.Negative,
        }));
        var regression = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            NumberOfThreads = 1,
            L2Regularization = 1f,
        }).Fit(data);
        var linear = regression.Model.SubModel;
        var fitted = raw with
        {
            InputMeans = inputMeans,
            InputSpreads = inputSpreads,
            Weights = [.. linear.Weights.Select(w => (double)w)],
            Bias = linear.Bias,
        };

        // The threshold comes from validation images, which the regression never saw.
        var garmentScores = validation.Select(fitted.Score).Order().ToList();
        var threshold = garmentScores[Math.Clamp((int)Math.Ceiling(garmentScores.Count * (1 - garmentsFlagged)) - 1, 0, garmentScores.Count - 1)];
        return fitted with { Threshold = threshold };
    }

    /// <summary>The training pixels' mean and leading principal components (ML.NET's randomized PCA), and each component's variance.</summary>
    private static (float[] Mean, float[][] Components, double[] Variances) PrincipalComponents(MLContext ml, TrainingSet training)
    {
        var pca = ml.AnomalyDetection.Trainers.RandomizedPca(nameof(Learning.ModelInput.Pixels), rank: Components, ensureZeroMean: true, seed: 1)
            .Fit(training.ToDataView(ml));
        VBuffer<float>[] vectors = [];
        pca.Model.GetEigenVectors(ref vectors, out var rank);
        VBuffer<float> mean = default;
        pca.Model.GetMean(ref mean);
        var meanValues = mean.DenseValues().ToArray();
        var components = vectors.Take(rank).Select(v => v.DenseValues().ToArray()).ToArray();
        var sums = new double[components.Length];
        for (var row = 0; row < training.Count; row++)
        {
            var pixels = training.Row(row);
            for (var k = 0; k < components.Length; k++)
            {
                var coordinate = 0.0;
                for (var i = 0; i < pixels.Length; i++)
                {
                    coordinate += (pixels[i] - meanValues[i]) * components[k][i];
                }

                sums[k] += coordinate * coordinate;
            }
        }

        return (meanValues, components, [.. sums.Select(s => Math.Max(1e-6, s / training.Count))]);
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

    private sealed class InputRow
    {
        [VectorType(InputLength)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
