namespace FashionFunctions.Benchmarks;

/// <summary>A measurement run from the command line; it prints its figures, it asserts nothing.</summary>
public interface IBenchmark
{
    string Name { get; }

    Task RunAsync(string[] args);
}
