using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace FashionFunctions.Tests.Infrastructure;

/// <summary>One "Executed" line of the trigger engine: which function, whether it succeeded, and which host said so.</summary>
public sealed record Invocation(string Function, bool Succeeded, string Host);

/// <summary>
/// The trigger engine's own account of what ran: every "Executed 'Name' (Succeeded|Failed, ...)" and every message it
/// moves to a poison queue, logged in-process (this is a logger provider) or read from the console of local host
/// processes, so tests wait for events instead of sleeping.
/// </summary>
public sealed partial class FunctionLog : ILoggerProvider
{
    public const string InProcess = "in-process";

    private readonly Channel<Invocation> executed = Channel.CreateUnbounded<Invocation>();
    private readonly Channel<string> poisoned = Channel.CreateUnbounded<string>();
    private readonly List<Invocation> seen = [];

    public IReadOnlyList<Invocation> Seen
    {
        get
        {
            lock (seen)
            {
                return [.. seen];
            }
        }
    }

    /// <summary>Reads one line a host logged (its console, or a formatted log message).</summary>
    public void Read(string line, string host)
    {
        if (Executed().Match(line) is { Success: true } run)
        {
            var invocation = new Invocation(run.Groups["name"].Value, run.Groups["outcome"].Value == "Succeeded", host);
            lock (seen)
            {
                seen.Add(invocation);
            }

            executed.Writer.TryWrite(invocation);
        }
        else if (Poisoned().Match(line) is { Success: true } poison)
        {
            poisoned.Writer.TryWrite(poison.Groups["queue"].Value);
        }
    }

    /// <summary>Waits for the next invocation that matches, whichever host ran it.</summary>
    public async Task<Invocation> NextAsync(Func<Invocation, bool> match, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var invocation = await executed.Reader.ReadAsync(cancel.Token);
                if (match(invocation))
                {
                    return invocation;
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"No matching invocation within {timeout}; seen: {string.Join(", ", Seen.Select(i => $"{i.Function} {(i.Succeeded ? "ok" : "failed")} on {i.Host}"))}.");
        }
    }

    public Task<Invocation> NextAsync(string function, TimeSpan timeout) => NextAsync(i => i.Function == function, timeout);

    /// <summary>
    /// Waits until <paramref name="done"/> holds, asking again after each invocation of the function (invocations are
    /// buffered, so none is missed between a check and the wait). Lets a test wait for the queued work it started,
    /// whatever else the same host is running.
    /// </summary>
    public async Task UntilAsync(string function, Func<Task<bool>> done, TimeSpan eachWithin)
    {
        while (!await done())
        {
            await NextAsync(function, eachWithin);
        }
    }

    /// <summary>Waits until the trigger engine moves a message to a poison queue; returns that queue's name.</summary>
    public async Task<string> NextPoisonedAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await poisoned.Reader.ReadAsync(cancel.Token);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    [GeneratedRegex(@"Executed '(?<name>\w+)' \((?<outcome>Succeeded|Failed)")]
    private static partial Regex Executed();

    [GeneratedRegex(@"is now in poison queue '(?<queue>[^']+)'")]
    private static partial Regex Poisoned();

    private sealed class Logger(FunctionLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Read(formatter(state, exception) ?? state?.ToString() ?? "", InProcess);
    }
}
