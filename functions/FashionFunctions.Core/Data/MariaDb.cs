using MySqlConnector;
using Polly.Retry;
using Polly;

namespace FashionFunctions.Core.Data;

/// <summary>
/// Runs a read against MariaDB on a connection of its own, retrying transient failures (connection reset, failover,
/// deadlock, lock wait timeout) with Polly. Only for work that is safe to repeat: reads, and writes that are idempotent.
/// </summary>
public sealed class MariaDb(MySqlDataSource dataSource)
{
    private static readonly ResiliencePipeline Retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<MySqlException>(IsTransient),
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromMilliseconds(100),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    public MySqlDataSource DataSource => dataSource;

    public ValueTask<T> ReadAsync<T>(Func<MySqlConnection, CancellationToken, Task<T>> read, CancellationToken ct) =>
        Retry.ExecuteAsync(async token =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(token);
            return await read(connection, token);
        }, ct);

    /// <summary>Failures that say "the database is not there right now", not "the request is wrong".</summary>
    public static bool IsTransient(MySqlException e) =>
        e.IsTransient || e.ErrorCode is MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.LockDeadlock
            or MySqlErrorCode.LockWaitTimeout or MySqlErrorCode.ServerShutdown or MySqlErrorCode.ConnectionCountError;

    /// <summary>True when an exception (or one inside it) means MariaDB is unreachable, so clients should retry later.</summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        MySqlException mysql => IsTransient(mysql),
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUnavailable),
        _ => e.InnerException is not null && IsUnavailable(e.InnerException),
    };
}
