using System.Text.Json.Nodes;

namespace FashionFunctions.Http;

/// <summary>Reads extensions.http.routePrefix from host.json; the Functions host's default is "api".</summary>
public static class HostJson
{
    public static string RoutePrefix(string path)
    {
        var root = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
        return root?["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";
    }
}
