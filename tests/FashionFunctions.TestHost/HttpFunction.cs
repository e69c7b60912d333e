using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Azure.Functions.Worker;

namespace FashionFunctions.TestHost;

/// <summary>One [Function] method with an [HttpTrigger] parameter, and how to call it for an HTTP request.</summary>
public sealed class HttpFunction
{
    private readonly MethodInfo method;
    private readonly Func<HttpContext, object?>[] arguments;

    private HttpFunction(string name, string route, IReadOnlyList<string> methods, MethodInfo method)
    {
        Name = name;
        Route = route;
        Methods = methods;
        this.method = method;
        arguments = [.. method.GetParameters().Select(Binder)];
        if (!typeof(IActionResult).IsAssignableFrom(method.ReturnType) && !typeof(Task<IActionResult>).IsAssignableFrom(method.ReturnType))
        {
            throw new NotSupportedException($"{name}: the local host runs functions returning IActionResult or Task<IActionResult>.");
        }
    }

    public string Name { get; }

    public string Route { get; }

    /// <summary>Upper-case HTTP methods; empty means any.</summary>
    public IReadOnlyList<string> Methods { get; }

    public static IEnumerable<HttpFunction> Discover(Assembly assembly) =>
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)
        where function is not null && trigger is not null
        select new HttpFunction(
            function.Name,
            trigger.Route ?? function.Name,
            [.. (trigger.Methods ?? []).Select(m => m.ToUpperInvariant())],
            method);

    public static string Join(string prefix, string route) =>
        "/" + string.Join('/', new[] { prefix.Trim('/'), route.Trim('/') }.Where(part => part.Length > 0));

    public async Task InvokeAsync(HttpContext context)
    {
        // The worker makes a new function class instance per invocation, from the app's services.
        var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(context.RequestServices, method.DeclaringType!);
        IActionResult result;
        try
        {
            var returned = method.Invoke(target, [.. arguments.Select(bind => bind(context))]);
            result = returned is Task<IActionResult> task ? await task : (IActionResult)returned!;
        }
        catch (Exception e)
        {
            // The app's own worker middleware, applied as in the Functions worker; anything it does not answer is a 500.
            if (await Http.ServiceUnavailableMiddleware.TryWriteAsync(context, e is TargetInvocationException { InnerException: { } inner } ? inner : e))
            {
                return;
            }

            throw;
        }

        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }

    private Func<HttpContext, object?> Binder(ParameterInfo parameter)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return context => context.Request;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context => context.RequestAborted;
        }

        if (parameter.ParameterType == typeof(string) || TypeDescriptor.GetConverter(parameter.ParameterType).CanConvertFrom(typeof(string)))
        {
            var converter = TypeDescriptor.GetConverter(parameter.ParameterType);
            var name = parameter.Name!;
            return context => context.GetRouteValue(name) is { } value
                ? converter.ConvertFromInvariantString(value.ToString()!)
                : parameter.HasDefaultValue ? parameter.DefaultValue : null;
        }

        throw new NotSupportedException($"{Name}: the local host cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType.Name}.");
    }
}
