using System.CommandLine;
using FashionFunctions.Core.Predict;
using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions.Admin;

public static class ScoreCommand
{
    public static Command Create()
    {
        var use = new Option<string>("--use") { Description = "Training or Testing (or 1/2).", Required = true };
        var model = new Option<long?>("--model") { Description = "Model version (default: the active model)." };
        var command = new Command("score", "Predict every image of one use and store the predictions (reruns add nothing).") { use, model };
        command.SetAction((parse, ct) => AdminCommand.ExecuteAsync(parse,
            async (services, token) => ImageUses.TryParse(parse.GetValue(use), out var parsed)
                ? await services.GetRequiredService<BatchScorer>().ScoreAsync(parsed, parse.GetValue(model), token)
                : throw new ArgumentException(ImageUses.Unknown(parse.GetValue(use))),
            s => $"Scored {s.Scored:N0} {s.Use} images with model v{s.ModelVersion} in {s.Seconds:F1} s: accuracy {s.Accuracy:P2}, {s.Inserted:N0} new prediction rows.",
            ct));
        return command;
    }
}
