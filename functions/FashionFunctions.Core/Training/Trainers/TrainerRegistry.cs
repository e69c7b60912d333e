using System.Globalization;

namespace FashionFunctions.Core.Training.Trainers;

/// <summary>Every <see cref="ITrainerDefinition"/> in this assembly, and the one way a trainer's settings are resolved and checked.</summary>
public static class TrainerRegistry
{
    public static IReadOnlyList<ITrainerDefinition> All { get; } = [.. LoadableTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ITrainerDefinition).IsAssignableFrom(t))
        .Select(t => (ITrainerDefinition)Activator.CreateInstance(t)!)
        .OrderBy(d => d.Name, StringComparer.Ordinal)];

    // A type whose dependencies are missing (e.g. an Azure SDK a host does not ship) is no trainer: skip it, keep the rest.
    private static IEnumerable<Type> LoadableTypes()
    {
        try
        {
            return typeof(TrainerRegistry).Assembly.GetTypes();
        }
        catch (System.Reflection.ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(d => d.Name)];

    public static ITrainerDefinition? Find(string? name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string Unknown(string? name) => $"Unknown trainer {InputEcho.Quote(name)}: expected {string.Join(", ", Names)}.";

    /// <summary>Defaults, then the configured values, then a request's: each checked against the trainer's limits.</summary>
    public static TrainerSettings Resolve(
        ITrainerDefinition trainer, int seed, int threads, IReadOnlyDictionary<string, double>? configured, IReadOnlyDictionary<string, double>? requested)
    {
        var values = trainer.Hyperparameters.ToDictionary(h => h.Name, h => h.Default, StringComparer.Ordinal);
        foreach (var source in new[] { configured, requested })
        {
            foreach (var (name, value) in source ?? new Dictionary<string, double>())
            {
                var hyperparameter = Hyperparameter(trainer, name) ?? throw new ArgumentException(UnknownHyperparameter(trainer, name));
                values[hyperparameter.Name] = value;
            }
        }

        return Check(trainer, values, "") is { } error
            ? throw new ArgumentException(error)
            : new TrainerSettings(trainer.Name, seed, trainer.ThreadsFor(threads), values);
    }

    /// <summary>Null when every name is a hyperparameter of the trainer and every value is within its limits; else why not.</summary>
    public static string? Check(ITrainerDefinition trainer, IReadOnlyDictionary<string, double> values, string prefix)
    {
        foreach (var (name, value) in values)
        {
            if (Hyperparameter(trainer, name) is not { } hyperparameter)
            {
                return $"{prefix}{UnknownHyperparameter(trainer, name)}";
            }

            if (hyperparameter.Check(value) is { } problem)
            {
                return $"{prefix}{hyperparameter.Name} {problem} for {trainer.Name}; got {value.ToString(CultureInfo.InvariantCulture)}.";
            }
        }

        return null;
    }

    private static Hyperparameter? Hyperparameter(ITrainerDefinition trainer, string name) =>
        trainer.Hyperparameters.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    private static string UnknownHyperparameter(ITrainerDefinition trainer, string name) =>
        $"{InputEcho.Quote(name)} is not a hyperparameter of {trainer.Name} (it has {string.Join(", ", trainer.Hyperparameters.Select(h => h.Name))}).";
}
