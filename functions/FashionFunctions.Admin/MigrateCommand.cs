using System.CommandLine;
using FashionFunctions.Core.Data;
using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions.Admin;

public static class MigrateCommand
{
    public sealed record Result(string SchemaVersion);

    public static Command Create()
    {
        var command = new Command("migrate", "Apply the versioned schema migrations to the configured database.");
        command.SetAction((parse, ct) => AdminCommand.ExecuteAsync(parse,
            async (services, token) => new Result(await services.GetRequiredService<SchemaMigrator>().MigrateAsync(token)),
            result => $"Schema is at version {result.SchemaVersion}.", ct));
        return command;
    }
}
