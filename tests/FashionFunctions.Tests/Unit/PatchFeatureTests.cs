using FashionFunctions.Core.Learning;
using FashionFunctions.Core.Training;
using FashionFunctions.Core.Training.Trainers;

namespace FashionFunctions.Tests.Unit;

/// <summary>
/// Pins the learned patch features for their contract name, as <see cref="FeatureGoldenTests"/> does for the engineered
/// ones: a change to the code or to the shipped filter bank needs a new name (PatchFeatures.v2), never new values here.
/// </summary>
public sealed class PatchFeatureTests
{
    private static float[] Image() => FeatureGoldenTests.Image();

    [Fact]
    public void The_patch_features_of_the_contract_are_pinned()
    {
        var features = new float[PatchFeatures.Length];

        PatchFeatures.Compute(Image(), features);

        Assert.Equal("PatchFeatures.v1", PatchFeatures.ContractName);
        Assert.Equal(4096, PatchFeatures.Length);
        Assert.Equal(GoldenSum, Math.Round(features.Sum(f => (double)f), 1));
        Assert.Equal(GoldenHash, Fingerprint(features));
    }

    [Fact]
    public void A_blank_image_is_thirty_six_flat_patches_in_every_region()
    {
        var features = new float[PatchFeatures.Length];

        PatchFeatures.Compute(new float[784], features);

        var flat = PatchFilterBank.Default.FlatActivations.ToArray();
        Assert.Contains(flat, a => a > 0);
        foreach (var region in features.Chunk(PatchFeatures.Prototypes))
        {
            Assert.Equal(flat.Select(a => Math.Round(a * 36.0, 2)), region.Select(v => Math.Round((double)v, 2)));
        }
    }

    [Fact]
    public void The_shortcut_for_flat_patches_gives_what_the_full_computation_gives()
    {
        var bank = PatchFilterBank.Default;
        var grey = Enumerable.Repeat(0.4f, PatchFilterBank.Patch * PatchFilterBank.Patch).ToArray();

        var full = bank.Activations(PatchFeatures.Normalise(grey), new float[bank.Count]).ToArray();

        Assert.Equal(bank.FlatActivations.ToArray().Select(a => Math.Round(a, 4)), full.Select(a => Math.Round(a, 4)));
    }

    [Fact]
    public void A_filter_bank_written_and_read_back_computes_the_same_features()
    {
        using var stream = new MemoryStream();
        PatchFilterBank.Default.Write(stream);
        stream.Position = 0;
        var copy = PatchFilterBank.Read(stream);
        var (original, again) = (new float[PatchFeatures.Length], new float[PatchFeatures.Length]);

        PatchFeatures.Compute(PatchFilterBank.Default, Image(), original);
        PatchFeatures.Compute(copy, Image(), again);

        Assert.Equal(original, again);
    }

    [Fact]
    public void A_blend_model_needs_both_contracts_and_is_refused_when_either_is_missing()
    {
        var contract = TrainerRegistry.Find("blend")!.FeatureContract;

        Assert.Equal("FashionFeatures.v3+PatchFeatures.v1", contract);
        Assert.Null(FeatureContracts.Refusal(7, contract));
        Assert.Contains("PatchFeatures.v0", FeatureContracts.Refusal(7, "FashionFeatures.v3+PatchFeatures.v0"));
        Assert.NotNull(FeatureContracts.Refusal(7, "FashionFeatures.v1+PatchFeatures.v1"));
        Assert.Null(FeatureContracts.Refusal(7, "FashionFeatures.v3"));
    }

    // Sums of 36 activations run to tens: one decimal is as exact as the engineered features' four.
    private static string Fingerprint(float[] features) => FeatureGoldenTests.Fingerprint(features, "F1");

    private const double GoldenSum = 37288.9;
    private const string GoldenHash = "9efe59350deae70acbbe0f09d293988f00ec05e7c497226eb0ac029d79d2b601";
}
