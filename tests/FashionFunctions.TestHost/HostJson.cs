using System.Text.Json.Nodes;

namespace FashionFunctions.TestHost;

/// <summary>Reads extensions.http.routePrefix from host.json; the Functions host's default is "api".</summary>
public static class HostJson
{
    public static string RoutePrefix(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path));
        return root?["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";
    }
}
