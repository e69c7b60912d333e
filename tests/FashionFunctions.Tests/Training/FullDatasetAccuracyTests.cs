using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Training;

/// <summary>
/// The regression guard: the default trainer with the default settings, on all 60,000 training images, scored on all
/// 10,000 testing images. Slow (minutes), so there is exactly one such test.
/// </summary>
[Collection(ImportedDatabase.Name)]
public sealed class FullDatasetAccuracyTests(ImportedDatabaseFixture fixture)
{
    [Fact]
    public async Task The_default_trainer_reaches_at_least_89_percent_on_the_full_test_set()
    {
        var defaults = new TrainingOptions();
        var training = await TrainingSet.ReadAsync(fixture.Database.DataSource, ImageUse.Training, null, CancellationToken.None);
        var testing = await TrainingSet.ReadAsync(fixture.Database.DataSource, ImageUse.Testing, null, CancellationToken.None);

        var model = ImageClassifierTrainer.Train(training, testing, new RetrainRequest().Settings(defaults), CancellationToken.None);

        Assert.Equal(Trainers.LightGbm, defaults.Trainer);
        Assert.Equal((60_000, 10_000), (model.TrainingRows, model.TestingRows));
        Assert.True(model.Evaluation.Accuracy >= 0.89, $"accuracy {model.Evaluation.Accuracy:P2}");
    }
}
