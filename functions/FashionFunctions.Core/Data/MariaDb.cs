using MySqlConnector;
using Polly.Retry;
using Polly;

namespace FashionFunctions.Core.Data;

/// <summary>
/// Runs a read against MariaDB on a connection of its own, retrying transient failures (connection reset, failover,
/// deadlock, lock wait timeout) with Polly. Only for work that is safe to repeat: reads, and writes that are idempotent.
/// </summary>
/// <remarks>
/// Reads run on a pool of their own, of at most <paramref name="readPoolSize"/> sessions that are not reset on open:
/// they set no session state, and the reset was a round trip on every request. Work that sets session state (locks,
/// variables) opens <see cref="DataSource"/> instead. On a small server a few busy sessions also answer a burst sooner
/// than many sessions time-slicing the same cores.
/// </remarks>
public sealed class MariaDb(MySqlDataSource dataSource, int readPoolSize = MariaDb.DefaultReadPoolSize)
{
    public const int DefaultReadPoolSize = 8;

    // A plain connection string, not a data source: MySqlConnection.ClearPoolAsync empties only pools named by string.
    private readonly string reads = new MySqlConnectionStringBuilder(dataSource.ConnectionString)
    {
        ConnectionReset = false,
        MaximumPoolSize = (uint)readPoolSize,
    }.ConnectionString;

    private static readonly ResiliencePipeline Retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<MySqlException>(IsTransient).Handle<StaleSessionException>(),
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
            await using var connection = new MySqlConnection(reads);
            await connection.OpenAsync(token);
            try
            {
                return await read(connection, token);
            }
            catch (MySqlException e) when (connection.State == System.Data.ConnectionState.Broken)
            {
                // A pooled session the server dropped (a restart, a failover, an idle timeout) fails its first command;
                // the others idle beside it are as dead, so the pool is emptied before the retry opens a fresh one.
                await MySqlConnection.ClearPoolAsync(connection, CancellationToken.None);
                throw new StaleSessionException(e);
            }
        }, ct);

    /// <summary>Failures that say "the database is not there right now", not "the request is wrong".</summary>
    public static bool IsTransient(MySqlException e) =>
        e.IsTransient || e.ErrorCode is MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.LockDeadlock
            or MySqlErrorCode.LockWaitTimeout or MySqlErrorCode.ServerShutdown or MySqlErrorCode.ConnectionCountError;

    /// <summary>True when an exception (or one inside it) means MariaDB is unreachable, so clients should retry later.</summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        MySqlException mysql => IsTransient(mysql),
        StaleSessionException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUnavailable),
        _ => e.InnerException is not null && IsUnavailable(e.InnerException),
    };
}

/// <summary>A read failed because its session had been dropped by the server; safe to run again on a new session.</summary>
public sealed class StaleSessionException(MySqlException inner) : Exception("A pooled MariaDB session had been closed by the server.", inner);
