using System.Globalization;
using System.Text.Json;
using FashionFunctions.Core.Training.Trainers;
using FashionFunctions.Core.Training;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Unit;

public sealed class TrainingSettingsSampleTests
{
    /// <summary>The sample shows every trainer's every hyperparameter at its default, and the other training settings.</summary>
    [Fact]
    public void The_sample_settings_list_every_hyperparameter_at_its_default()
    {
        var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(Infrastructure.TestEnvironment.RepositoryRoot, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(v => v.Name, v => v.Value.GetString());

        foreach (var trainer in TrainerRegistry.All)
        {
            foreach (var hyperparameter in trainer.Hyperparameters)
            {
                var key = $"Training__Hyperparameters__{trainer.Name}__{hyperparameter.Name}";
                Assert.True(values.ContainsKey(key), $"{key} is missing");
                Assert.Equal(hyperparameter.Default, double.Parse(values[key]!, CultureInfo.InvariantCulture));
            }
        }

        var defaults = new TrainingOptions();
        Assert.Equal(defaults.Trainer, values["Training__Trainer"]);
        Assert.Equal(defaults.Threads.ToString(CultureInfo.InvariantCulture), values["Training__Threads"]);
        Assert.Equal(defaults.PromotionMaxPValue, double.Parse(values["Training__PromotionMaxPValue"]!, CultureInfo.InvariantCulture));
        Assert.Equal(defaults.OodTargetRate, double.Parse(values["Training__OodTargetRate"]!, CultureInfo.InvariantCulture));
        Assert.DoesNotContain(values.Keys, k => k.Contains("PromotionTolerance", StringComparison.Ordinal));
    }
}
