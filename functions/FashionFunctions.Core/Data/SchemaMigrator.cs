using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace FashionFunctions.Core.Data;

/// <summary>Applies the versioned SQL migrations in Data/Migrations with Evolve (which also locks against a concurrent run).</summary>
public sealed class SchemaMigrator(MySqlDataSource db, ILogger<SchemaMigrator> log)
{
    public const string ChangelogTable = "schema_changelog";

    public async Task<string> MigrateAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var evolve = new EvolveDb.Evolve(connection, message => log.LogInformation("{EvolveMessage}", message), EvolveDb.Dialect.DBMS.MySQL)
        {
            EmbeddedResourceAssemblies = [typeof(SchemaMigrator).Assembly],
            EmbeddedResourceFilters = ["FashionFunctions.Core.Data.Migrations"],
            MetadataTableName = ChangelogTable,
            // Erase would drop every table in the database: never wanted against a shared server.
            IsEraseDisabled = true,
        };
        await Task.Run(evolve.Migrate, ct);
        return await SchemaVersionAsync(connection, ct) ?? "none";
    }

    private const string VersionSql = $"""
        SELECT version FROM {ChangelogTable}
        WHERE success = 1 AND type = 0
        ORDER BY id DESC
        LIMIT 1
        """;

    public static async Task<string?> SchemaVersionAsync(MySqlConnection connection, CancellationToken ct)
    {
        await using var command = new MySqlCommand(VersionSql, connection);
        try
        {
            return await command.ExecuteScalarAsync(ct) as string;
        }
        catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.NoSuchTable)
        {
            return null;
        }
    }
}
