using FashionFunctions.Core.Training;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Unit;

/// <summary>Promotion is decided on the validation rows only, by McNemar's test; Testing never enters it.</summary>
public sealed class PromotionPolicyTests
{
    private const int Rows = 6000;

    private static ModelVersion Model(long version, Func<int, bool> correct, double testAccuracy) => new()
    {
        Version = version,
        CreatedAt = DateTime.UtcNow,
        Status = ModelStatus.Candidate,
        Trainer = "lightgbm",
        HyperparametersJson = "{}",
        FeatureContract = FashionFeatures.ContractName,
        ValidationSplit = ValidationSplit.Name,
        ValidationRows = Rows,
        ValidationAccuracy = Enumerable.Range(0, Rows).Count(correct) / (double)Rows,
        ValidationCorrect = Bits(correct),
        Accuracy = testAccuracy,
    };

    private static byte[] Bits(Func<int, bool> correct)
    {
        var bits = new byte[(Rows + 7) / 8];
        for (var row = 0; row < Rows; row++)
        {
            bits[row / 8] |= correct(row) ? (byte)(1 << (row % 8)) : (byte)0;
        }

        return bits;
    }

    // The active model is right on 90 % of the rows (every row but those whose index ends in 0).
    private static readonly ModelVersion Active = Model(1, row => row % 10 != 0, testAccuracy: 0.90);

    [Fact]
    public void A_candidate_significantly_better_on_validation_is_promoted()
    {
        // Right on 120 more rows, wrong on none the active model gets right.
        var candidate = Model(2, row => row % 10 != 0 || row % 50 == 0, testAccuracy: 0.89);

        var decision = PromotionPolicy.Decide(candidate, Active, force: false, maxPValue: 0.05);

        Assert.True(decision.Promote, decision.Reason);
        Assert.Contains("McNemar", decision.Reason);
    }

    [Fact]
    public void A_candidate_better_only_on_testing_stays_candidate()
    {
        var candidate = Model(2, row => row % 10 != 0, testAccuracy: 0.99);

        var decision = PromotionPolicy.Decide(candidate, Active, force: false, maxPValue: 0.05);

        Assert.False(decision.Promote, decision.Reason);
    }

    [Fact]
    public void A_small_gain_within_noise_stays_candidate()
    {
        // 10 rows better and 6 rows worse: 0.07 points, well within chance.
        var candidate = Model(2, row => (row % 10 != 0 || row % 600 == 0) && row % 1000 != 1, testAccuracy: 0.95);

        var decision = PromotionPolicy.Decide(candidate, Active, force: false, maxPValue: 0.05);

        Assert.False(decision.Promote, decision.Reason);
        Assert.Contains("candidate 10 rows, active 6", decision.Reason);
    }

    [Fact]
    public void Force_no_active_model_or_an_incomparable_one_promote()
    {
        var worse = Model(2, row => row % 5 != 0, testAccuracy: 0.8);

        Assert.True(PromotionPolicy.Decide(worse, Active, force: true, maxPValue: 0.05).Promote);
        Assert.True(PromotionPolicy.Decide(worse, null, force: false, maxPValue: 0.05).Promote);
        Assert.True(PromotionPolicy.Decide(worse, Active with { ValidationSplit = null, ValidationCorrect = null }, force: false, maxPValue: 0.05).Promote);
        Assert.True(PromotionPolicy.Decide(worse, Active with { FeatureContract = "FashionFeatures.v1" }, force: false, maxPValue: 0.05).Promote);
        Assert.False(PromotionPolicy.Decide(worse, Active, force: false, maxPValue: 0.05).Promote);
    }
}
