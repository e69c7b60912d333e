using System.Numerics.Tensors;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace FashionFunctions.Core.Training;

/// <summary>
/// Learned patch features after Coates, Lee and Ng ("An analysis of single-layer networks in unsupervised feature
/// learning", 2011): every 5x5 patch of the image, brightness- and contrast-normalised and whitened, is compared with
/// 256 patch prototypes (k-means centroids of whitened training patches, in <see cref="PatchFilterBank"/>); each
/// prototype fires by how much nearer than average it is ("triangle" activation), summed over 4x4 regions of the image.
/// A linear model on these sees shapes the gradient histograms miss, and averaged with the trees it fixes some of their
/// errors.
/// <para>
/// The contract name covers this code and the filter bank resource: a change to either needs a new name (the golden
/// test pins the output).
/// </para>
/// </summary>
public static class PatchFeatures
{
    public const string ContractName = "PatchFeatures.v1";

    public const int Prototypes = 256;

    public const int Patch = PatchFilterBank.Patch;

    private const int Side = Images.GrayscalePng.Side;

    /// <summary>Patch positions along each side of the image.</summary>
    public const int Positions = Side - Patch + 1;

    private const int Regions = 4;
    private const int RegionSide = Positions / Regions;

    /// <summary>Contrast normalisation divides by sqrt(variance + this): flat patches (the background) stay near zero.</summary>
    private const float ContrastFloor = 0.01f;

    public const int Length = Prototypes * Regions * Regions;

    public static void Compute(ReadOnlySpan<float> pixels, Span<float> features) => Compute(PatchFilterBank.Default, pixels, features);

    public static void Compute(PatchFilterBank bank, ReadOnlySpan<float> pixels, Span<float> features)
    {
        features.Clear();
        Span<float> patch = stackalloc float[Patch * Patch];
        Span<float> activations = stackalloc float[Prototypes];
        for (var y = 0; y < Positions; y++)
        {
            for (var x = 0; x < Positions; x++)
            {
                CopyPatch(pixels, x, y, patch);
                var region = features.Slice(((y / RegionSide * Regions) + (x / RegionSide)) * Prototypes, Prototypes);
                var flat = TensorPrimitives.Max<float>(patch) == TensorPrimitives.Min<float>(patch);

                // A flat patch (most of the background) normalises to zeros, whose activations the bank keeps ready.
                TensorPrimitives.Add(region, flat ? bank.FlatActivations : bank.Activations(Normalise(patch), activations), region);
            }
        }
    }

    /// <summary>The 5x5 patch whose top-left pixel is (x, y), row by row.</summary>
    public static void CopyPatch(ReadOnlySpan<float> pixels, int x, int y, Span<float> patch)
    {
        for (var row = 0; row < Patch; row++)
        {
            pixels.Slice(((y + row) * Side) + x, Patch).CopyTo(patch[(row * Patch)..]);
        }
    }

    /// <summary>Brightness and contrast normalisation, in place (the learner normalises its sample patches the same way).</summary>
    public static Span<float> Normalise(Span<float> patch)
    {
        var mean = TensorPrimitives.Sum<float>(patch) / patch.Length;
        TensorPrimitives.Subtract(patch, mean, patch);
        var scale = 1 / MathF.Sqrt((TensorPrimitives.SumOfSquares<float>(patch) / patch.Length) + ContrastFloor);
        TensorPrimitives.Multiply(patch, scale, patch);
        return patch;
    }

    public sealed class Output
    {
        [VectorType(Length)]
        public float[] Patches { get; set; } = [];
    }

    /// <summary>Lets ML.NET find the mapping again when a saved model is loaded.</summary>
    [CustomMappingFactoryAttribute(ContractName)]
    public sealed class Factory : CustomMappingFactory<FashionFeatures.Input, Output>
    {
        public static void Map(FashionFeatures.Input input, Output output)
        {
            output.Patches = new float[Length];
            Compute(input.Pixels, output.Patches);
        }

        public override Action<FashionFeatures.Input, Output> GetMapping() => Map;
    }
}
