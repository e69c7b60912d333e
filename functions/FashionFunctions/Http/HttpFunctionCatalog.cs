using System.Collections.Frozen;
using System.Reflection;

namespace FashionFunctions.Http;

/// <summary>One HTTP-triggered function as its code declares it.</summary>
public sealed record HttpFunctionInfo(
    string Name, string Route, IReadOnlyList<string> Methods, AuthorizationLevel AuthLevel, MethodInfo Method, IReadOnlyList<Type> RequestRecords)
{
    public bool IsAnonymous => AuthLevel == AuthorizationLevel.Anonymous;
}

/// <summary>
/// The app's HTTP functions, found by reflection over [Function] methods with an [HttpTrigger] parameter: the one
/// description that request binding, the OpenAPI document, the local host and the publish check all read.
/// </summary>
public static class HttpFunctionCatalog
{
    private static readonly Lazy<FrozenDictionary<string, HttpFunctionInfo>> ByName = new(() =>
        Discover(typeof(HttpFunctionCatalog).Assembly).ToFrozenDictionary(f => f.Name, StringComparer.Ordinal));

    public static IEnumerable<HttpFunctionInfo> All => ByName.Value.Values.OrderBy(f => f.Name, StringComparer.Ordinal);

    public static HttpFunctionInfo? Find(string name) => ByName.Value.GetValueOrDefault(name);

    public static IEnumerable<HttpFunctionInfo> Discover(Assembly assembly) =>
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)
        where function is not null && trigger is not null
        select new HttpFunctionInfo(
            function.Name,
            trigger.Route ?? function.Name,
            [.. (trigger.Methods ?? []).Select(m => m.ToUpperInvariant())],
            trigger.AuthLevel,
            method,
            [.. method.GetParameters().Where(p => p.IsDefined(typeof(AsParametersAttribute))).Select(p => p.ParameterType)]);
}
