using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FashionFunctions.Core.Training;

/// <summary>
/// The whitening and the patch prototypes behind <see cref="PatchFeatures"/>: the mean of normalised 5x5 training
/// patches, the ZCA whitening matrix of their covariance, and k-means centroids of the whitened patches. Learned once
/// from the training rows of the validation split (never validation or Testing), by the benchmarks project's
/// <c>patch-filters</c> command, and shipped as a resource so the features are a fixed function of the pixels.
/// </summary>
public sealed class PatchFilterBank
{
    public const int Patch = 5;

    private const int Dimensions = Patch * Patch;

    private const string ResourceName = "FashionFunctions.Core.Training.patch-filters.bin";

    /// <summary>Prototypes are processed this many at a time: four 8-float registers.</summary>
    private const int Block = 32;

    /// <summary>A whitening column padded to four 8-float registers.</summary>
    private const int PaddedDimensions = 32;

    private readonly float[] mean;
    private readonly float[] whitening;
    private readonly float[] whiteningColumns;

    // Centroid j of every prototype side by side, so one pass over a whitened patch updates all distances with SIMD.
    private readonly float[] centroidsByDimension;
    private readonly float[] centroidNorms;
    private readonly float[] flatActivations;

    public PatchFilterBank(float[] mean, float[] whitening, float[][] centroids)
    {
        if (mean.Length != Dimensions || whitening.Length != Dimensions * Dimensions || centroids.Any(c => c.Length != Dimensions))
        {
            throw new ArgumentException($"A patch filter bank needs a mean of {Dimensions}, a {Dimensions}x{Dimensions} whitening and centroids of {Dimensions}.");
        }

        if (centroids.Length % Block != 0)
        {
            throw new ArgumentException($"A patch filter bank needs a multiple of {Block} centroids.");
        }

        (this.mean, this.whitening, Centroids, Count) = (mean, whitening, centroids, centroids.Length);
        whiteningColumns = new float[Dimensions * PaddedDimensions];
        for (var i = 0; i < Dimensions; i++)
        {
            for (var j = 0; j < Dimensions; j++)
            {
                whiteningColumns[(j * PaddedDimensions) + i] = whitening[(i * Dimensions) + j];
            }
        }

        centroidsByDimension = new float[Dimensions * centroids.Length];
        centroidNorms = new float[centroids.Length];
        for (var k = 0; k < centroids.Length; k++)
        {
            centroidNorms[k] = TensorPrimitives.SumOfSquares<float>(centroids[k]);
            for (var j = 0; j < Dimensions; j++)
            {
                centroidsByDimension[(j * centroids.Length) + k] = centroids[k][j];
            }
        }

        flatActivations = new float[centroids.Length];
        Activations(new float[Dimensions], flatActivations);
    }

    /// <summary>What <see cref="Activations"/> gives for a flat patch, which normalises to zeros.</summary>
    public ReadOnlySpan<float> FlatActivations => flatActivations;

    public static PatchFilterBank Default { get; } = Load();

    public IReadOnlyList<float[]> Centroids { get; }

    public int Count { get; }

    /// <summary>
    /// The "triangle" activation of every prototype for a normalised patch: how much nearer than the mean distance it is
    /// (zero when farther), Euclidean distances in whitened space.
    /// </summary>
    public Span<float> Activations(ReadOnlySpan<float> normalisedPatch, Span<float> activations)
    {
        if (normalisedPatch.Length != Dimensions || activations.Length != Count)
        {
            throw new ArgumentException($"Activations take a patch of {Dimensions} and give {Count} values.");
        }

        // Register-blocked by hand: a 25-long product per prototype is too short for TensorPrimitives' per-call cost,
        // and this loop is most of a prediction's time.
        ref var columns = ref MemoryMarshal.GetArrayDataReference(whiteningColumns);
        Vector256<float> w0 = default, w1 = default, w2 = default, w3 = default;
        for (var j = 0; j < Dimensions; j++)
        {
            var centred = Vector256.Create(normalisedPatch[j] - mean[j]);
            var offset = (nuint)(j * PaddedDimensions);
            w0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref columns, offset), centred, w0);
            w1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref columns, offset + 8), centred, w1);
            w2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref columns, offset + 16), centred, w2);
            w3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref columns, offset + 24), centred, w3);
        }

        Span<float> whitened = stackalloc float[PaddedDimensions];
        w0.CopyTo(whitened);
        w1.CopyTo(whitened[8..]);
        w2.CopyTo(whitened[16..]);
        w3.CopyTo(whitened[24..]);
        var whitenedNorm = Vector256.Create(Vector256.Sum((w0 * w0) + (w1 * w1) + (w2 * w2) + (w3 * w3)));

        // |w - c|^2 = |c|^2 + |w|^2 - 2 w.c, 32 prototypes at a time kept in registers across the dimensions.
        ref var byDimension = ref MemoryMarshal.GetArrayDataReference(centroidsByDimension);
        ref var norms = ref MemoryMarshal.GetArrayDataReference(centroidNorms);
        ref var output = ref MemoryMarshal.GetReference(activations);
        var count = Count;
        for (nuint k = 0; k < (nuint)count; k += Block)
        {
            var d0 = Vector256.LoadUnsafe(ref norms, k) + whitenedNorm;
            var d1 = Vector256.LoadUnsafe(ref norms, k + 8) + whitenedNorm;
            var d2 = Vector256.LoadUnsafe(ref norms, k + 16) + whitenedNorm;
            var d3 = Vector256.LoadUnsafe(ref norms, k + 24) + whitenedNorm;
            for (var j = 0; j < Dimensions; j++)
            {
                var factor = Vector256.Create(-2 * whitened[j]);
                var offset = (nuint)(j * count) + k;
                d0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref byDimension, offset), factor, d0);
                d1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref byDimension, offset + 8), factor, d1);
                d2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref byDimension, offset + 16), factor, d2);
                d3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref byDimension, offset + 24), factor, d3);
            }

            Vector256.Sqrt(Vector256.Max(d0, Vector256<float>.Zero)).StoreUnsafe(ref output, k);
            Vector256.Sqrt(Vector256.Max(d1, Vector256<float>.Zero)).StoreUnsafe(ref output, k + 8);
            Vector256.Sqrt(Vector256.Max(d2, Vector256<float>.Zero)).StoreUnsafe(ref output, k + 16);
            Vector256.Sqrt(Vector256.Max(d3, Vector256<float>.Zero)).StoreUnsafe(ref output, k + 24);
        }

        var meanDistance = TensorPrimitives.Sum<float>(activations) / Count;
        TensorPrimitives.Subtract(meanDistance, activations, activations);
        TensorPrimitives.Max(activations, 0f, activations);
        return activations;
    }

    /// <summary>Little-endian floats: the mean, the whitening matrix row by row, then each centroid.</summary>
    public void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Count);
        foreach (var value in mean.Concat(whitening).Concat(Centroids.SelectMany(c => c)))
        {
            writer.Write(value);
        }
    }

    public static PatchFilterBank Read(Stream stream)
    {
        using var reader = new BinaryReader(stream);
        var count = reader.ReadInt32();
        float[] Next(int n) => [.. Enumerable.Range(0, n).Select(_ => reader.ReadSingle())];
        var mean = Next(Dimensions);
        var whitening = Next(Dimensions * Dimensions);
        return new PatchFilterBank(mean, whitening, [.. Enumerable.Range(0, count).Select(_ => Next(Dimensions))]);
    }

    private static PatchFilterBank Load()
    {
        using var stream = typeof(PatchFilterBank).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The patch filter bank resource {ResourceName} is missing from the build.");
        var bank = Read(stream);
        return bank.Count == PatchFeatures.Prototypes
            ? bank
            : throw new InvalidOperationException($"The patch filter bank has {bank.Count} prototypes; the features need {PatchFeatures.Prototypes}.");
    }
}
