using System.CommandLine;
using FashionFunctions.Training;
using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions.Admin;

public static class TrainCommand
{
    public static Command Create()
    {
        var trainer = new Option<string?>("--trainer") { Description = $"Trainer: {string.Join(" or ", Trainers.All)} (default: the Training:Trainer setting)." };
        var limit = new Option<int?>("--train-limit") { Description = "Train on the first N training images only." };
        var force = new Option<bool>("--force") { Description = "Make the new model active whatever its accuracy." };
        var command = new Command("train", "Train a model from MariaDB, store it in Blob Storage, register it and promote it by the policy.") { trainer, limit, force };
        command.SetAction((parse, ct) => AdminCommand.ExecuteAsync(parse,
            async (services, token) =>
            {
                var request = new RetrainRequest
                {
                    Trainer = parse.GetValue(trainer),
                    Force = parse.GetValue(force),
                    Options = parse.GetValue(limit) is { } n ? new RetrainOverrides { TrainLimit = n } : null,
                    RequestId = $"cli-{DateTime.UtcNow:yyyyMMddHHmmss}",
                };
                if (request.Validate() is { } invalid)
                {
                    throw new ArgumentException(invalid);
                }

                var outcome = await services.GetRequiredService<RetrainService>().RunAsync(request, "cli", token);
                return outcome.Status == RetrainStatus.Failed ? throw new InvalidOperationException($"training failed: {outcome.Message}") : outcome;
            },
            o => o.Status == RetrainStatus.Skipped
                ? o.Message!
                : $"Model v{o.Model!.Version} ({o.Model.Trainer}): accuracy {o.Model.Accuracy:P2}, macro-F1 {o.Model.MacroF1:F4}, trained in {o.Model.TrainingSeconds:F1} s; {(o.Promoted ? "now active" : "kept as candidate")}.",
            ct));
        return command;
    }
}
