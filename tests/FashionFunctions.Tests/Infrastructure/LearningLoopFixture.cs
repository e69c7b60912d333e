namespace FashionFunctions.Tests.Infrastructure;

/// <summary>
/// An imported database of its own with an active model, and an app that adds corrections to training and queues a
/// retrain after three of them. The queue trigger is off: the tests read the queued request instead of running it.
/// </summary>
public sealed class LearningLoopFixture() : ImportedAppFixture("loop", Settings, activeModelTrainLimit: 5_000)
{
    public const int Threshold = 3;

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Training:Trainer"] = "sdca",
        ["Training:Hyperparameters:sdca:iterations"] = "10",
        ["Training:ModelsContainer"] = $"models-loop-{TestEnvironment.RunId}",
        ["Training:RetrainQueue"] = $"retrain-loop-{TestEnvironment.RunId}",
        ["Training:IncludeFeedback"] = "true",
        ["Training:FeedbackRetrainThreshold"] = Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Training:FeedbackRetrainInterval"] = "1.00:00:00",
        ["AzureWebJobs.RetrainFromQueue.Disabled"] = "true",
        // Every prediction asks the registry for the shadow model, so setting one takes effect at once.
        ["Predict:ModelCheckSeconds"] = "0",
    };
}

[CollectionDefinition(Name)]
public sealed class LearningLoopDatabase : ICollectionFixture<LearningLoopFixture>
{
    public const string Name = "Learning loop database";
}
