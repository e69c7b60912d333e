using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace FashionFunctions.Core.Configuration;

/// <summary>
/// Reads local.settings.json the way Azure Functions Core Tools does (its "Values" become app settings, its
/// "ConnectionStrings" connection strings), so the admin CLI and the local host see the same settings as `func start`.
/// </summary>
public static class LocalSettings
{
    public const string FileName = "local.settings.json";

    /// <summary>The nearest local.settings.json in the start folder or above it, if any.</summary>
    public static string? Find(string startFolder)
    {
        for (var folder = new DirectoryInfo(startFolder); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static IConfigurationBuilder AddLocalSettings(this IConfigurationBuilder builder, string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return builder;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var values))
        {
            foreach (var value in values.EnumerateObject())
            {
                settings[value.Name.Replace("__", ":", StringComparison.Ordinal)] = value.Value.ToString();
            }
        }

        if (document.RootElement.TryGetProperty("ConnectionStrings", out var connectionStrings))
        {
            foreach (var connectionString in connectionStrings.EnumerateObject())
            {
                settings[$"ConnectionStrings:{connectionString.Name}"] = connectionString.Value.ToString();
            }
        }

        return builder.AddInMemoryCollection(settings);
    }
}
