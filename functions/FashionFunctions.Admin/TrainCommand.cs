using System.CommandLine;
using FashionFunctions.Core.Training.Trainers;
using FashionFunctions.Core.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Admin;

public static class TrainCommand
{
    public static Command Create()
    {
        var trainer = new Option<string?>("--trainer") { Description = $"Trainer: {string.Join(", ", TrainerRegistry.Names)} (default: the Training:Trainer setting)." };
        var limit = new Option<int?>("--train-limit") { Description = "Train on the first N training images only." };
        var force = new Option<bool>("--force") { Description = "Make the new model active whatever its validation accuracy." };
        var command = new Command("train", "Train a model from MariaDB, store it in Blob Storage, register it and promote it by the policy.") { trainer, limit, force };
        command.SetAction((parse, ct) => AdminCommand.ExecuteAsync(parse,
            async (services, token) =>
            {
                var request = new RetrainRequest
                {
                    Trainer = parse.GetValue(trainer),
                    Force = parse.GetValue(force),
                    Options = parse.GetValue(limit) is { } n ? new RetrainOverrides { TrainLimit = n } : null,
                    // Unique even for two runs started in the same second (a second one would otherwise be refused as a replay).
                    RequestId = $"cli-{DateTime.UtcNow:yyyyMMddHHmmss}-{RetrainQueue.NewRequestId()[..8]}",
                };
                if (request.Validate(services.GetRequiredService<IOptions<TrainingOptions>>().Value.Trainer) is { } invalid)
                {
                    throw new ArgumentException(invalid);
                }

                var outcome = await services.GetRequiredService<RetrainService>().RunAsync(request, "cli", token);
                return outcome.Status == RetrainRequestStatus.Failed ? throw new InvalidOperationException($"training failed: {outcome.Message}") : outcome;
            },
            o => o.Status == RetrainRequestStatus.Skipped
                ? o.Message!
                : $"Model v{o.Model!.Version} ({o.Model.Trainer}): validation {o.Model.ValidationAccuracy:P2}, test {o.Model.TestAccuracy:P2} " +
                  $"(95 % {o.Model.TestAccuracyCi95![0]:P2}-{o.Model.TestAccuracyCi95[1]:P2}), trained in {o.Model.TrainingSeconds:F1} s; {(o.Promoted ? "now active" : "kept as candidate")}. {o.Model.Promotion}",
            ct));
        return command;
    }
}
