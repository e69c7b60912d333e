using Dapper;
using FashionFunctions.Core.Data;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace FashionFunctions.Tests.Infrastructure;

/// <summary>A real MariaDB database of the test run's own (fftest_*), migrated, dropped on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        DataSource = new MySqlDataSourceBuilder(connectionString).Build();
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public MySqlDataSource DataSource { get; }

    public static async Task<TestDatabase> CreateAsync(string purpose, bool migrate = true)
    {
        var name = $"fftest_{TestEnvironment.RunId}_{purpose}".ToLowerInvariant();
        await using (var server = new MySqlConnection(TestEnvironment.MariaDbServer))
        {
            await server.OpenAsync();
            await server.ExecuteAsync($"DROP DATABASE IF EXISTS `{name}`; CREATE DATABASE `{name}` CHARACTER SET utf8mb4");
        }

        var builder = new MySqlConnectionStringBuilder(TestEnvironment.MariaDbServer) { Database = name };
        var database = new TestDatabase(name, builder.ConnectionString);
        if (migrate)
        {
            await new SchemaMigrator(database.DataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        }

        return database;
    }

    public async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException($"No value from: {sql}");
    }

    public async Task<List<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<T>(sql, args)];
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (Environment.GetEnvironmentVariable("FASHION_KEEP_TEST_DB") == "1")
        {
            return;
        }

        await using var server = new MySqlConnection(TestEnvironment.MariaDbServer);
        await server.OpenAsync();
        await server.ExecuteAsync($"DROP DATABASE IF EXISTS `{Name}`");
    }
}
