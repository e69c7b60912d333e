using System.Diagnostics;
using System.Globalization;
using FashionFunctions.Core.Training.Trainers;
using FashionFunctions.Core.Training;
using FashionFunctions.Training;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace FashionFunctions.Benchmarks;

/// <summary>
/// Full-dataset training per trainer, exactly as a retrain runs it: read the sets from MariaDB, split validation off
/// Training, train, calibrate and fit the out-of-distribution detector on validation, score Testing once. Prints
/// validation and test accuracy, the detector's figures, training time, model size, and the machine's load average
/// (how contended the figure is). Options: [--ood-target-rate=0.01] [trainer[:name=value,...] ...], default: the
/// configured default trainer and out-of-distribution target rate.
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
        var data = TrainingData.Split(training, testing, null);
        Console.WriteLine($"training: read {training.Count:N0} training images from MariaDB in {read:F2} s; " +
            $"{data.Training.Count:N0} train, {data.Validation.Count:N0} validation, {data.Testing.Count:N0} testing");

        const string rateOption = "--ood-target-rate=";
        var options = new TrainingOptions();
        if (args.FirstOrDefault(a => a.StartsWith(rateOption, StringComparison.Ordinal)) is { } rate)
        {
            options.OodTargetRate = double.Parse(rate[rateOption.Length..], CultureInfo.InvariantCulture);
        }

        if (args.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal) && !a.StartsWith(rateOption, StringComparison.Ordinal)) is { } unknown)
        {
            throw new ArgumentException($"Unknown option {unknown}; the one option is {rateOption}<share>.");
        }

        var specs = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        foreach (var spec in specs.Length > 0 ? specs : [options.Trainer])
        {
            var settings = Settings(spec, options);
            var load = LoadAverage();
            var model = ImageClassifierTrainer.Train(data, settings, options.OodTargetRate, CancellationToken.None);
            var ood = model.OutOfDistribution;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"training: {settings}: validation {model.Validation.Accuracy:P2}, test {model.Testing.Accuracy:P2} " +
                $"(95 % {model.Testing.AccuracyCi95Low:P2}-{model.Testing.AccuracyCi95High:P2}), test macro-F1 {model.Testing.MacroF1:F4}, " +
                $"test log-loss {model.Testing.LogLoss:F4}; trained in {model.TrainingSeconds:F1} s (load average {load} before, {LoadAverage()} after), " +
                $"model {model.Zip.Length / 1024.0:N0} KiB"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"training: calibration T={model.Calibration.Temperature}, validation ECE {model.Calibration.ValidationEceBefore:F4} -> {model.Calibration.ValidationEceAfter:F4}, " +
                $"test ECE {model.Calibration.TestingEce:F4}; out of distribution (target {options.OodTargetRate:P1}): flagged validation {ood.ValidationFlagged:P2}, Testing {ood.TestingFlagged:P2}, " +
                $"held-out synthetic {ood.SyntheticHeldOutFlagged:P2} ({string.Join(", ", ood.SyntheticHeldOutFlaggedByKind.Select(k => $"{k.Key} {k.Value:P0}"))})"));
        }
    }

    private static TrainerSettings Settings(string spec, TrainingOptions options)
    {
        var parts = spec.Split(':', 2);
        var trainer = TrainerRegistry.Find(parts[0]) ?? throw new ArgumentException(TrainerRegistry.Unknown(parts[0]));
        var values = parts.Length < 2 ? [] : parts[1].Split(',').Select(p => p.Split('='))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        return TrainerRegistry.Resolve(trainer, options.Seed, options.Threads, null, values);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
