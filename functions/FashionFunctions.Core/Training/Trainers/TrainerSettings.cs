using System.Globalization;

namespace FashionFunctions.Core.Training.Trainers;

/// <summary>Everything that decides a trained model besides the data and the code: trainer, seed, threads, hyperparameters.</summary>
public sealed record TrainerSettings(string Trainer, int Seed, int Threads, IReadOnlyDictionary<string, double> Hyperparameters)
{
    public double this[string name] =>
        Hyperparameters.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"{Trainer} has no hyperparameter {name}.");

    public int Whole(string name) => (int)this[name];

    public float Single(string name) => (float)this[name];

    public override string ToString() =>
        $"{Trainer} (seed {Seed}, {Threads} thread{(Threads == 1 ? "" : "s")}, " +
        string.Join(", ", Hyperparameters.Select(h => $"{h.Key} {h.Value.ToString(CultureInfo.InvariantCulture)}")) + ")";
}
