using Azure.Storage.Blobs;
using Dapper;
using FashionFunctions.Core.Data;
using MySqlConnector;

namespace FashionFunctions.Core.Health;

public sealed record DatabaseHealth(bool Reachable, string? SchemaVersion, long TrainingImages, long TestingImages, string? Error);

public sealed record StorageHealth(bool Reachable, string? Error);

public sealed record HealthReport(bool Healthy, DatabaseHealth Database, StorageHealth BlobStorage);

/// <summary>Answers whether MariaDB and Blob Storage are reachable, within a few seconds each.</summary>
public sealed class HealthProbe(MySqlDataSource db, BlobServiceClient blobs)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthReport> CheckAsync(CancellationToken ct)
    {
        var database = CheckDatabaseAsync(ct);
        var storage = CheckStorageAsync(ct);
        await Task.WhenAll(database, storage);
        return new HealthReport(database.Result.Reachable && storage.Result.Reachable, database.Result, storage.Result);
    }

    private const string CountsSql = """
        SELECT COUNT(CASE WHEN img_use = 1 THEN 1 END) AS Training,
               COUNT(CASE WHEN img_use = 2 THEN 1 END) AS Testing
        FROM tf_images
        """;

    private async Task<DatabaseHealth> CheckDatabaseAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var connection = await db.OpenConnectionAsync(timeout.Token);
            var version = await SchemaMigrator.SchemaVersionAsync(connection, timeout.Token);
            if (version is null)
            {
                return new DatabaseHealth(true, null, 0, 0, "The schema is not applied: run the migrate command.");
            }

            var counts = await connection.QuerySingleAsync<(long Training, long Testing)>(
                new CommandDefinition(CountsSql, cancellationToken: timeout.Token));
            return new DatabaseHealth(true, version, counts.Training, counts.Testing, null);
        }
        catch (Exception e) when (e is MySqlException or OperationCanceledException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            return new DatabaseHealth(false, null, 0, 0, e.Message);
        }
    }

    private async Task<StorageHealth> CheckStorageAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await blobs.GetPropertiesAsync(timeout.Token);
            return new StorageHealth(true, null);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or AggregateException && !ct.IsCancellationRequested)
        {
            return new StorageHealth(false, e.Message);
        }
    }
}
