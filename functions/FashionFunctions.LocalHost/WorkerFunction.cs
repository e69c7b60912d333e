using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace FashionFunctions.LocalHost;

public enum TriggerKind { Http, Queue, Timer }

/// <summary>
/// One [Function] method of the app, read from the same attributes the Functions SDK reads to write functions.metadata:
/// its name, its trigger, its retry policy and the outputs of its result. It knows how to call the method for a local
/// invocation: a new function class instance from the app's services, the arguments the worker would bind.
/// </summary>
public sealed class WorkerFunction
{
    private readonly Func<LocalFunctionContext, object?>[] arguments;
    private readonly ObjectFactory? create;
    private readonly PropertyInfo? taskResult;

    private WorkerFunction(string name, MethodInfo method, ParameterInfo triggerParameter, BindingAttribute trigger)
    {
        Name = name;
        Method = method;
        Trigger = trigger;
        TriggerParameter = triggerParameter;
        Kind = trigger switch
        {
            HttpTriggerAttribute => TriggerKind.Http,
            QueueTriggerAttribute => TriggerKind.Queue,
            TimerTriggerAttribute => TriggerKind.Timer,
            _ => throw Unsupported($"the local host runs HTTP, queue and timer triggers, not {trigger.GetType().Name}"),
        };
        arguments = [.. method.GetParameters().Select(Binder)];
        create = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);
        var returns = method.ReturnType;
        taskResult = returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>) ? returns.GetProperty(nameof(Task<object>.Result)) : null;
        Outputs = OutputBindings.For(this, taskResult?.PropertyType ?? (returns == typeof(Task) ? typeof(void) : returns));
    }

    public string Name { get; }

    public MethodInfo Method { get; }

    public TriggerKind Kind { get; }

    /// <summary>The worker's trigger attribute: HttpTriggerAttribute, QueueTriggerAttribute or TimerTriggerAttribute.</summary>
    public BindingAttribute Trigger { get; }

    public ParameterInfo TriggerParameter { get; }

    public RetryAttribute? Retry => Method.GetCustomAttribute<RetryAttribute>();

    public OutputBindings Outputs { get; }

    /// <summary>Every [Function] of the assembly; a trigger or binding the local host cannot run stops it with the function's name.</summary>
    public static IReadOnlyList<WorkerFunction> Discover(Assembly assembly) =>
    [
        .. from type in assembly.GetTypes()
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
           let function = method.GetCustomAttribute<FunctionAttribute>()
           where function is not null
           let trigger = method.GetParameters()
               .Select(p => (Parameter: p, Attribute: p.GetCustomAttribute<TriggerBindingAttribute>()))
               .SingleOrDefault(p => p.Attribute is not null)
           select trigger.Attribute is null
               ? throw new NotSupportedException($"Function {function.Name} has no trigger parameter.")
               : new WorkerFunction(function.Name, method, trigger.Parameter, trigger.Attribute),
    ];

    /// <summary>
    /// False when the app setting AzureWebJobs.{name}.Disabled (on Linux AzureWebJobs__{name}__Disabled) is true, the
    /// Functions host's own switch.
    /// </summary>
    public bool IsEnabled(IConfiguration configuration) =>
        !(configuration.GetValue<bool>($"AzureWebJobs.{Name}.Disabled") || configuration.GetValue<bool>($"AzureWebJobs:{Name}:Disabled"));

    /// <summary>Calls the method and returns what it returned (awaited when it is a task).</summary>
    public async Task<object?> InvokeAsync(LocalFunctionContext context)
    {
        var target = create?.Invoke(context.InstanceServices, []);
        var returned = Method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, [.. arguments.Select(bind => bind(context))], null);
        if (returned is not Task task)
        {
            return returned;
        }

        await task;
        return taskResult?.GetValue(task);
    }

    internal NotSupportedException Unsupported(string what) => new($"Function {Name} ({Method.DeclaringType?.Name}.{Method.Name}): {what}.");

    private Func<LocalFunctionContext, object?> Binder(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (parameter == TriggerParameter)
        {
            return (Kind, type) switch
            {
                (TriggerKind.Http, _) when type == typeof(HttpRequest) => context => context.GetHttpContext()!.Request,
                (TriggerKind.Queue, _) when type == typeof(string) => context => context.TriggerValue,
                (TriggerKind.Timer, _) when type == typeof(TimerInfo) => context => context.TriggerValue,
                _ => throw Unsupported($"the local host cannot bind a {Kind} trigger to {type.Name} (HttpRequest, string and TimerInfo are supported)"),
            };
        }

        if (type == typeof(CancellationToken))
        {
            return context => context.CancellationToken;
        }

        if (type == typeof(FunctionContext))
        {
            return context => context;
        }

        if (Kind == TriggerKind.Http && parameter.IsDefined(typeof(AsParametersAttribute)))
        {
            // Bound and validated by the app's request validation middleware, as the worker's input converter hands it over.
            return context => context.Items[Http.RequestRecordConverter.ItemKey(type)];
        }

        var converter = TypeDescriptor.GetConverter(type);
        if (Kind == TriggerKind.Http && (type == typeof(string) || converter.CanConvertFrom(typeof(string))))
        {
            // Route values, as the worker binds {name} segments of the route to parameters of that name.
            var name = parameter.Name!;
            return context => context.GetHttpContext()!.GetRouteValue(name) is { } value
                ? converter.ConvertFromInvariantString(value.ToString()!)
                : parameter.HasDefaultValue ? parameter.DefaultValue : null;
        }

        throw Unsupported($"the local host cannot bind parameter '{parameter.Name}' of type {type.Name}");
    }
}
