using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace FashionFunctions.Core.Training;

/// <summary>
/// Engineered image features, computed inside the ML.NET pipeline so a saved model computes them at prediction time
/// too: histograms of oriented gradients (HOG) at two cell sizes, and 2x2 mean-pooled pixels. Trees and linear models
/// separate these far better than raw pixels, whose position-by-position values vary with small shifts.
/// <para>
/// The contract name is the version of this code: a saved model names it, and any change to what <see cref="Compute"/>
/// returns needs a new name (the golden test pins the output for this one), so a stored model never silently gets
/// different features.
/// </para>
/// </summary>
public static class FashionFeatures
{
    public const string ContractName = "FashionFeatures.v3";

    private const int Side = Images.GrayscalePng.Side;
    private const int Bins = 9;

    /// <summary>Blocks of 2x2 cells; L2-Hys clips each normalised value at this, as Dalal and Triggs do.</summary>
    private const float BlockClip = 0.2f;

    private const int FineCell = 4;
    private const int CoarseCell = 7;

    /// <summary>
    /// 3x3 side-by-side blocks of 4-pixel cells (the 7th row and column of cells, the outermost 4 pixels at the right and
    /// bottom, are left out) and 3x3 overlapping blocks of 7-pixel cells, 36 values each, then 14x14 pooled pixels.
    /// Overlapping the fine blocks, as v2 did, more than doubled the values and the training time, and gained nothing on validation.
    /// </summary>
    public const int Length = (3 * 3 * 4 * Bins) + (3 * 3 * 4 * Bins) + (Side / 2 * (Side / 2));

    public static void Compute(ReadOnlySpan<float> pixels, Span<float> features)
    {
        features.Clear();
        var offset = Blocks(pixels, FineCell, blockStride: 2, features);
        offset += Blocks(pixels, CoarseCell, blockStride: 1, features[offset..]);
        for (var y = 0; y < Side; y += 2)
        {
            for (var x = 0; x < Side; x += 2)
            {
                features[offset++] = (At(pixels, x, y) + At(pixels, x + 1, y) + At(pixels, x, y + 1) + At(pixels, x + 1, y + 1)) / 4;
            }
        }
    }

    /// <summary>Cell histograms, then 2x2 blocks of cells, a block every <paramref name="blockStride"/> cells, normalised by L2-Hys.</summary>
    private static int Blocks(ReadOnlySpan<float> pixels, int cell, int blockStride, Span<float> output)
    {
        var cells = Side / cell;
        Span<float> histograms = stackalloc float[cells * cells * Bins];
        CellHistograms(pixels, cell, histograms);
        var offset = 0;
        for (var by = 0; by < cells - 1; by += blockStride)
        {
            for (var bx = 0; bx < cells - 1; bx += blockStride)
            {
                var block = output.Slice(offset, 4 * Bins);
                histograms.Slice(((by * cells) + bx) * Bins, Bins).CopyTo(block);
                histograms.Slice(((by * cells) + bx + 1) * Bins, Bins).CopyTo(block[Bins..]);
                histograms.Slice((((by + 1) * cells) + bx) * Bins, Bins).CopyTo(block[(2 * Bins)..]);
                histograms.Slice((((by + 1) * cells) + bx + 1) * Bins, Bins).CopyTo(block[(3 * Bins)..]);
                Normalise(block);
                for (var i = 0; i < block.Length; i++)
                {
                    block[i] = MathF.Min(block[i], BlockClip);
                }

                Normalise(block);
                offset += block.Length;
            }
        }

        return offset;
    }

    /// <summary>Unsigned gradient orientation (0..pi) in 9 bins; each pixel votes its magnitude into the two nearest bins, linearly.</summary>
    private static void CellHistograms(ReadOnlySpan<float> pixels, int cell, Span<float> histograms)
    {
        var cells = Side / cell;
        for (var y = 0; y < cells * cell; y++)
        {
            for (var x = 0; x < cells * cell; x++)
            {
                var gx = At(pixels, x + 1, y) - At(pixels, x - 1, y);
                var gy = At(pixels, x, y + 1) - At(pixels, x, y - 1);
                var magnitude = MathF.Sqrt((gx * gx) + (gy * gy));
                if (magnitude == 0)
                {
                    continue;
                }

                var angle = MathF.Atan2(gy, gx);
                angle = angle < 0 ? angle + MathF.PI : angle;
                var position = (angle / MathF.PI * Bins) - 0.5f;
                var lower = (int)MathF.Floor(position);
                var fraction = position - lower;
                var cellStart = (((y / cell) * cells) + (x / cell)) * Bins;
                histograms[cellStart + ((lower + Bins) % Bins)] += magnitude * (1 - fraction);
                histograms[cellStart + ((lower + 1) % Bins)] += magnitude * fraction;
            }
        }
    }

    private static void Normalise(Span<float> block)
    {
        var sum = 1e-6f;
        foreach (var v in block)
        {
            sum += v * v;
        }

        var norm = MathF.Sqrt(sum);
        for (var i = 0; i < block.Length; i++)
        {
            block[i] /= norm;
        }
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
