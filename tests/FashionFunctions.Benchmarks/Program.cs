using System.Reflection;
using FashionFunctions.Benchmarks;

// Each benchmark is a class implementing IBenchmark; run one by name, e.g.
//   dotnet run -c Release --project tests/FashionFunctions.Benchmarks -- import
var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine($"usage: FashionFunctions.Benchmarks <{string.Join('|', benchmarks.Keys.Order())}> [options]");
    return 2;
}

await benchmark.RunAsync(args[1..]);
return 0;
