namespace FashionFunctions.Tests.Infrastructure;

/// <summary>
/// An imported database of its own for the training tests (they change the registry), with the app configured for
/// quick SDCA runs and this run's own blob container and queue in Azurite.
/// </summary>
public sealed class TrainingFixture() : ImportedAppFixture("training", QuickTraining)
{
    public static readonly IReadOnlyDictionary<string, string?> QuickTraining = new Dictionary<string, string?>
    {
        ["Training:Trainer"] = "sdca",
        ["Training:Hyperparameters:sdca:iterations"] = "10",
        ["Training:ModelsContainer"] = $"models-{TestEnvironment.RunId}",
        ["Training:RetrainQueue"] = $"retrain-{TestEnvironment.RunId}",
        ["RetrainSchedule"] = "0 0 2 * * *",
        ["Training:AllowedCallbackHosts"] = "127.0.0.1",
    };
}

[CollectionDefinition(Name)]
public sealed class TrainingDatabase : ICollectionFixture<TrainingFixture>
{
    public const string Name = "Training database";
}
