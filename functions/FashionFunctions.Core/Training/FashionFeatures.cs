using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace FashionFunctions.Training;

/// <summary>
/// Engineered image features, computed inside the ML.NET pipeline so a saved model computes them at prediction time
/// too: edge-orientation histograms at two cell sizes (HOG-like), 2x2 mean-pooled pixels, and row/column ink profiles.
/// Trees split on these far better than on raw pixels, whose position-by-position values vary with small shifts.
/// </summary>
public static class FashionFeatures
{
    public const string ContractName = "FashionFeatures.v1";
    private const int Side = Images.GrayscalePng.Side;
    private const int Bins = 9;
    public const int Length = (7 * 7 * Bins) + (4 * 4 * Bins) + (14 * 14) + Side + Side;

    public static void Compute(ReadOnlySpan<float> pixels, Span<float> features)
    {
        features.Clear();
        Span<float> magnitude = stackalloc float[Side * Side];
        Span<byte> bin = stackalloc byte[Side * Side];
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                var gx = At(pixels, x + 1, y) - At(pixels, x - 1, y);
                var gy = At(pixels, x, y + 1) - At(pixels, x, y - 1);
                magnitude[(y * Side) + x] = MathF.Sqrt((gx * gx) + (gy * gy));
                var angle = MathF.Atan2(gy, gx);
                angle = angle < 0 ? angle + MathF.PI : angle; // unsigned orientation, 0..pi
                bin[(y * Side) + x] = (byte)Math.Min(Bins - 1, (int)(angle / MathF.PI * Bins));
            }
        }

        var offset = Histograms(magnitude, bin, cell: 4, features);
        offset += Histograms(magnitude, bin, cell: 7, features[offset..]);
        for (var y = 0; y < Side; y += 2)
        {
            for (var x = 0; x < Side; x += 2)
            {
                features[offset++] = (At(pixels, x, y) + At(pixels, x + 1, y) + At(pixels, x, y + 1) + At(pixels, x + 1, y + 1)) / 4;
            }
        }

        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                features[offset + y] += pixels[(y * Side) + x] / Side;
                features[offset + Side + x] += pixels[(y * Side) + x] / Side;
            }
        }
    }

    private static int Histograms(ReadOnlySpan<float> magnitude, ReadOnlySpan<byte> bin, int cell, Span<float> output)
    {
        var cells = Side / cell;
        for (var y = 0; y < cells * cell; y++)
        {
            for (var x = 0; x < cells * cell; x++)
            {
                output[((((y / cell) * cells) + (x / cell)) * Bins) + bin[(y * Side) + x]] += magnitude[(y * Side) + x];
            }
        }

        return cells * cells * Bins;
    }

    private static float At(ReadOnlySpan<float> pixels, int x, int y) =>
        x is < 0 or >= Side || y is < 0 or >= Side ? 0 : pixels[(y * Side) + x];

    public sealed class Input
    {
        [VectorType(Images.GrayscalePng.PixelCount)]
        public float[] Pixels { get; set; } = [];
    }

    public sealed class Output
    {
        [VectorType(Length)]
        public float[] Engineered { get; set; } = [];
    }

    /// <summary>Lets ML.NET find the mapping again when a saved model is loaded (see ModelSerializer).</summary>
    [CustomMappingFactoryAttribute(ContractName)]
    public sealed class Factory : CustomMappingFactory<Input, Output>
    {
        public static void Map(Input input, Output output)
        {
            output.Engineered = new float[Length];
            Compute(input.Pixels, output.Engineered);
        }

        public override Action<Input, Output> GetMapping() => Map;
    }
}
