using FashionFunctions.Core.Training;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Training;

/// <summary>
/// The regression guard: the default trainer with the default settings on the 54,000 training rows (validation split
/// off), Testing scored once. Slow (minutes), so there is exactly one such test, and it checks everything a full model
/// must keep: accuracy, its interval, calibration, and the out-of-distribution flag on images it never saw.
/// </summary>
[Collection(ImportedDatabase.Name)]
public sealed class FullDatasetAccuracyTests(ImportedDatabaseFixture fixture)
{
    [Fact]
    public async Task The_default_trainer_reaches_at_least_92_percent_on_the_full_test_set_and_flags_non_garments()
    {
        var options = new TrainingOptions();
        var training = await TrainingSet.ReadAsync(fixture.Database.DataSource, ImageUse.Training, null, CancellationToken.None);
        var testing = await TrainingSet.ReadAsync(fixture.Database.DataSource, ImageUse.Testing, null, CancellationToken.None);

        var model = ImageClassifierTrainer.Train(TrainingData.Split(training, testing, null), new RetrainRequest().Settings(options), options.OodTargetRate, CancellationToken.None);

        Assert.Equal("blend", options.Trainer);
        Assert.Equal((54_000, 6_000, 10_000), (model.TrainingRows, model.Validation.Rows, model.Testing.Rows));
        Assert.True(model.Testing.Accuracy >= 0.92, $"test accuracy {model.Testing.Accuracy:P2}");
        Assert.InRange(model.Testing.Accuracy, model.Testing.AccuracyCi95Low, model.Testing.AccuracyCi95High);
        Assert.True(model.Calibration.TestingEce < 0.03, $"test ECE {model.Calibration.TestingEce:F4}");
        // Held-out synthetic images come from other seeds than the ones the detector was fitted on.
        Assert.True(model.OutOfDistribution.TestingFlagged <= 0.02, $"Testing flagged {model.OutOfDistribution.TestingFlagged:P2}");
        Assert.True(model.OutOfDistribution.SyntheticHeldOutFlagged >= 0.90, $"held-out synthetic flagged {model.OutOfDistribution.SyntheticHeldOutFlagged:P2}");
    }
}
