using System.Collections.Concurrent;
using System.Diagnostics;

namespace FashionFunctions.Benchmarks;

public sealed record LoadResult(int Requests, int Clients, double Seconds, double P50Ms, double P99Ms, IReadOnlyDictionary<int, int> StatusCounts)
{
    public double RequestsPerSecond => Requests / Seconds;

    public int ServerErrors => StatusCounts.Where(s => s.Key >= 500).Sum(s => s.Value);

    public override string ToString() =>
        $"{Requests:N0} requests, {Clients} clients: {RequestsPerSecond:N0} req/s, p50 {P50Ms:F2} ms, p99 {P99Ms:F2} ms, " +
        $"status {string.Join(", ", StatusCounts.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value:N0}"))}";
}

/// <summary>
/// A bounded closed-loop load: a fixed number of requests shared by a fixed number of clients, loopback only. It stops
/// by itself when the requests are done.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(HttpClient http, int requests, int clients, Func<int, HttpRequestMessage> request)
    {
        if (http.BaseAddress is not { IsLoopback: true })
        {
            throw new InvalidOperationException("Load is only ever sent to loopback addresses.");
        }

        var latencies = new double[requests];
        var statuses = new ConcurrentDictionary<int, int>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                using var message = request(i);
                using var response = await http.SendAsync(message);
                await response.Content.LoadIntoBufferAsync();
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new LoadResult(requests, clients, seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), statuses);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];

    /// <summary>Managed heap size after full collections, to compare before and after a load.</summary>
    public static long ManagedHeapAfterGc()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
