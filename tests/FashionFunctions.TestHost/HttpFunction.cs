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
        object? result;
        try
        {
            foreach (var record in method.GetParameters().Where(p => p.IsDefined(typeof(AsParametersAttribute))))
            {
                var bound = await Http.RequestRecordBinder.BindAsync(record.ParameterType, context.Request, context.RequestAborted);
                if (!bound.Succeeded)
                {
                    await (bound.BodyProblem ?? Http.ApiProblems.Validation(bound.Errors)).ExecuteAsync(context);
                    return;
                }

                context.Items[record.ParameterType] = bound.Value;
            }

            var returned = method.Invoke(target, [.. arguments.Select(bind => bind(context))]);
            if (returned is Task task)
            {
                await task;
                returned = task.GetType().GetProperty("Result")?.GetValue(task);
            }

            result = returned;
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

        switch (result)
        {
            case IActionResult action:
                await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                break;
            case IResult typed:
                await typed.ExecuteAsync(context);
                break;
            default:
                throw new NotSupportedException($"{Name} returned {result?.GetType().Name ?? "null"}: the local host runs functions returning IActionResult or IResult.");
        }
    }

    private Func<HttpContext, object?> Binder(ParameterInfo parameter)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return context => context.Request;
        }

        if (parameter.IsDefined(typeof(AsParametersAttribute)))
        {
            return context => context.Items[parameter.ParameterType];
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
