using System.Diagnostics;
using FashionFunctions.Training;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace FashionFunctions.Benchmarks;

/// <summary>
/// Full-dataset training per trainer: time to read the sets from MariaDB, training time, test accuracy, model size.
/// Options: [trainer[:iterations[:leaves[:learningRate]]] ...], default "lightgbm sdca".
/// </summary>
public sealed class TrainingBenchmark : IBenchmark
{
    public string Name => "training";

    public async Task RunAsync(string[] args)
    {
        await using var database = await BenchmarkDatabase.CreateAsync("training");
        await using var services = await database.ServicesAsync(import: true);
        var db = services.GetRequiredService<MySqlDataSource>();

        var clock = Stopwatch.StartNew();
        var training = await TrainingSet.ReadAsync(db, ImageUse.Training, null, CancellationToken.None);
        var read = clock.Elapsed.TotalSeconds;
        var testing = await TrainingSet.ReadAsync(db, ImageUse.Testing, null, CancellationToken.None);
        Console.WriteLine($"training: read {training.Count:N0} training images from MariaDB in {read:F2} s");

        var defaults = new TrainingOptions();
        foreach (var spec in args.Length > 0 ? args : [Trainers.LightGbm, Trainers.Sdca])
        {
            var parts = spec.Split(':');
            var settings = new TrainerSettings(
                parts[0],
                defaults.Seed,
                parts.Length > 1 ? int.Parse(parts[1]) : parts[0] == Trainers.Sdca ? 30 : defaults.Iterations,
                parts.Length > 2 ? int.Parse(parts[2]) : defaults.Leaves,
                parts.Length > 3 ? double.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture) : defaults.LearningRate);
            var model = ImageClassifierTrainer.Train(training, testing, settings, CancellationToken.None);
            Console.WriteLine(
                $"training: {settings.Trainer} (iterations {settings.Iterations}, leaves {settings.Leaves}, learning rate {settings.LearningRate}): " +
                $"accuracy {model.Evaluation.Accuracy:P2}, macro-F1 {model.Evaluation.MacroF1:F4}, log-loss {model.Evaluation.LogLoss:F4}, " +
                $"trained in {model.TrainingSeconds:F1} s, model {model.Zip.Length / 1024.0:N0} KiB");
        }
    }
}
