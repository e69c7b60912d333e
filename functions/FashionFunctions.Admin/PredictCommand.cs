using System.CommandLine;
using FashionFunctions.Core.Predict;
using Microsoft.Extensions.DependencyInjection;

namespace FashionFunctions.Admin;

public static class PredictCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo?>("file") { Description = "An image file (PNG, JPEG, GIF, BMP, WebP).", Arity = ArgumentArity.ZeroOrOne };
        var use = new Option<string?>("--use") { Description = "Predict a stored image: its use (Training/Testing)." };
        var idx = new Option<int?>("--idx") { Description = "Predict a stored image: its idx." };
        var command = new Command("predict", "Predict one image with the active model and record the prediction.") { file, use, idx };
        command.SetAction((parse, ct) => AdminCommand.ExecuteAsync(parse,
            async (services, token) =>
            {
                var predictions = services.GetRequiredService<PredictionService>();
                if (parse.GetValue(file) is { } image)
                {
                    var bytes = await File.ReadAllBytesAsync(image.FullName, token);
                    return (await predictions.PredictUploadAsync(ImagePreprocessor.Preprocess(bytes, null).Pixels, bytes, null, token)).Result!;
                }

                if (!ImageKey.TryParse(parse.GetValue(use), parse.GetValue(idx)?.ToString(System.Globalization.CultureInfo.InvariantCulture), out var key, out var error))
                {
                    throw new ArgumentException($"Name a FILE, or --use and --idx of a stored image: {error}");
                }

                var outcome = await predictions.PredictStoredAsync(key, null, token);
                return outcome.Result ?? throw new ArgumentException(outcome.Detail);
            },
            r => $"{r.ClassName} ({r.Confidence:P1}){(r.OutOfDistribution ? ", but this does not look like a garment" : "")} by model v{r.ModelVersion}{(r.Correct is { } ok ? ok ? ", correct" : $", wrong: it is {FashionClasses.Names[r.ActualLabel!.Value]}" : "")}; prediction {r.PredictionId}.",
            ct));
        return command;
    }
}
