using System.CommandLine;
using FashionFunctions.Core.Health;
using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions.Admin;

public static class HealthCommand
{
    public static Command Create()
    {
        var command = new Command("health", "Check that MariaDB and Blob Storage answer; fails when either does not.");
        command.SetAction((parse, ct) => AdminCommand.ExecuteAsync(parse,
            async (services, token) =>
            {
                var report = await services.GetRequiredService<HealthProbe>().CheckAsync(token);
                return report.Healthy ? report : throw new InvalidOperationException(
                    $"unhealthy: database {report.Database.Error ?? "ok"}; blob storage {report.BlobStorage.Error ?? "ok"}");
            },
            r => $"Healthy: schema {r.Database.SchemaVersion}, {r.Database.TrainingImages:N0} training and {r.Database.TestingImages:N0} testing images, blob storage reachable.", ct));
        return command;
    }
}
