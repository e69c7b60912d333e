using System.Globalization;
using System.Text.Json;

namespace FashionFunctions.Training;

/// <summary>A registry row as the API shows it: metrics and matrices as JSON, not as strings of JSON.</summary>
public sealed record ModelView(
    long Version, DateTime CreatedAt, string Status, string Trainer, JsonElement Hyperparameters, int TrainingRows, int TestingRows,
    double Accuracy, double MacroAccuracy, double MacroF1, double LogLoss, double TrainingSeconds, JsonElement? PerClass,
    long[][]? ConfusionMatrix, string BlobName, string Sha256, long SizeBytes, string? Error, string? RequestId)
{
    public static ModelView From(ModelVersion m) => new(
        m.Version, m.CreatedAt, m.Status, m.Trainer, JsonDocument.Parse(m.Hyperparameters).RootElement, m.TrainingRows, m.TestingRows,
        m.Accuracy, m.MacroAccuracy, m.MacroF1, m.LogLoss, m.TrainingSeconds,
        m.PerClass is null ? null : JsonDocument.Parse(m.PerClass).RootElement,
        m.ConfusionMatrix is null ? null : JsonSerializer.Deserialize<long[][]>(m.ConfusionMatrix),
        m.BlobName, m.Sha256, m.SizeBytes, m.Error, m.RequestId);
}
