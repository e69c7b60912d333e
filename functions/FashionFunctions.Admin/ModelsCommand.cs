using System.CommandLine;
using FashionFunctions.Core.Data;
using FashionFunctions.Core.Training;
using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions.Admin;

public static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "List the model registry, newest first.");
        command.SetAction((parse, ct) => AdminCommand.ExecuteAsync(parse,
            async (services, token) => await services.GetRequiredService<ModelRegistry>().ListAsync(100, token),
            models => models.Count == 0
                ? "No models yet."
                : string.Join(Environment.NewLine, models.Select(m =>
                    $"v{m.Version,-4} {SqlEnum.Name(m.Status),-9} {m.Trainer,-8} validation {m.ValidationAccuracy,7:P2}  test {m.TestAccuracy,7:P2}  {m.FeatureContract,-18} {m.TrainingSeconds,6:F1} s  {m.CreatedAt:u}")),
            ct));
        return command;
    }
}
