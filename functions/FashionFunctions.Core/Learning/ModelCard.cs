using System.IO.Compression;
using System.Text.Json;
using FashionFunctions.Core.Training;

namespace FashionFunctions.Core.Learning;

/// <summary>
/// What a model needs besides its ML.NET pipeline, kept inside the same zip (an extra entry ML.NET ignores), so a model
/// carries its own calibration and out-of-distribution threshold wherever it is copied.
/// </summary>
public sealed record ModelCard(string FeatureContract, string CodeVersion, double Temperature, OutOfDistributionDetector OutOfDistribution)
{
    public const string EntryName = "FashionFunctions/model-card.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static byte[] Attach(byte[] modelZip, ModelCard card)
    {
        using var buffer = new MemoryStream();
        buffer.Write(modelZip);
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            archive.GetEntry(EntryName)?.Delete();
            using var entry = archive.CreateEntry(EntryName, CompressionLevel.Optimal).Open();
            JsonSerializer.Serialize(entry, card, Json);
        }

        return buffer.ToArray();
    }

    /// <summary>The card, or null for a zip without one (a model from before cards existed).</summary>
    public static ModelCard? Read(byte[] modelZip)
    {
        using var archive = new ZipArchive(new MemoryStream(modelZip), ZipArchiveMode.Read);
        if (archive.GetEntry(EntryName) is not { } entry)
        {
            return null;
        }

        using var stream = entry.Open();
        return JsonSerializer.Deserialize<ModelCard>(stream, Json);
    }
}

/// <summary>The feature contracts this code provides: a model naming any other is refused, never scored with other features.</summary>
public static class FeatureContracts
{
    public static IReadOnlyList<string> Provided { get; } = [FashionFeatures.ContractName, PatchFeatures.ContractName];

    /// <summary>Null when every contract the model names ('+' between several) is provided; else why the model cannot be served.</summary>
    public static string? Refusal(long version, string? contract) =>
        contract is not null && contract.Split('+').All(c => Provided.Contains(c, StringComparer.Ordinal))
            ? null
            : $"Model v{version} needs feature contract {InputEcho.Quote(contract ?? "unknown")}, which this code does not provide " +
              $"(it provides {string.Join(", ", Provided)}): train a new model, or activate one built with these.";
}
