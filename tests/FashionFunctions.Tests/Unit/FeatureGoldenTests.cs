using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FashionFunctions.Core.Training;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Unit;

/// <summary>
/// Pins what the feature code computes for its contract name. If this fails, the features changed: give the code a new
/// contract name (FashionFeatures.v4) rather than changing these values, or every stored model silently changes.
/// </summary>
public sealed class FeatureGoldenTests
{
    /// <summary>A garment-sized block of a repeating diagonal pattern on a black background: edges and texture both.</summary>
    internal static float[] Image() =>
        [.. Enumerable.Range(0, 784).Select(i => (x: i % 28, y: i / 28))
            .Select(p => p.x is >= 4 and < 24 && p.y is >= 2 and < 26 ? ((p.x * 7) + (p.y * 13)) % 23 / 22f : 0f)];

    [Fact]
    public void The_features_of_the_contract_are_pinned()
    {
        var features = new float[FashionFeatures.Length];

        FashionFeatures.Compute(Image(), features);

        Assert.Equal("FashionFeatures.v3", FashionFeatures.ContractName);
        Assert.Equal(844, FashionFeatures.Length);
        Assert.Equal(GoldenSum, Math.Round(features.Sum(f => (double)f), 3));
        Assert.Equal(GoldenHash, Fingerprint(features));
    }

    [Fact]
    public void A_blank_image_has_no_gradients_and_no_ink()
    {
        var features = new float[FashionFeatures.Length];

        FashionFeatures.Compute(new float[784], features);

        Assert.All(features, f => Assert.Equal(0f, f));
    }

    /// <summary>SHA-256 of the values at fixed decimals: exact enough to catch any change, blind to the last bit of a libm.</summary>
    internal static string Fingerprint(float[] features, string format = "F4") =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join(',', features.Select(f => f.ToString(format, CultureInfo.InvariantCulture))))));

    private const double GoldenSum = 140.309;
    private const string GoldenHash = "e98bb6bb5ae7d853b099eaf9aeadaed510742769499b355c2d920af54cfb741e";
}
