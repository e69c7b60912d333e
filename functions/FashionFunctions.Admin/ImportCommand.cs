using System.CommandLine;
using FashionFunctions.Core.Dataset;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Admin;

public static class ImportCommand
{
    public static Command Create()
    {
        var from = new Option<string?>("--from")
        {
            Description = "Folder or http(s) base URL holding the four Fashion-MNIST .gz files (default: Fashion:DatasetUrl, Zalando's download location).",
        };
        var command = new Command("import", "Import Fashion-MNIST's 70,000 images into tf_images (idempotent).") { from };
        command.SetAction((parse, ct) => AdminCommand.ExecuteAsync(parse,
            async (services, token) =>
            {
                var location = parse.GetValue(from) ?? services.GetRequiredService<IOptions<FashionOptions>>().Value.DatasetUrl;
                return await services.GetRequiredService<DatasetImporter>().ImportAsync(DatasetSource.Parse(location), new StderrProgress(), token);
            },
            s => $"Imported {s.Training:N0} training and {s.Testing:N0} testing images from {s.Source} in {s.Seconds:F1} s.", ct));
        return command;
    }
}

/// <summary>Reports on the caller's thread, unlike Progress&lt;T&gt;, so progress lines never trail the summary.</summary>
internal sealed class StderrProgress : IProgress<ImportProgress>
{
    public void Report(ImportProgress value)
    {
        if (value.Done % 10_000 == 0 || value.Done == value.Total)
        {
            Console.Error.WriteLine($"  {value.Use}: {value.Done:N0}/{value.Total:N0}");
        }
    }
}
