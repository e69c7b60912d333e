using System.Reflection.Emit;
using System.Reflection;
using Microsoft.Azure.WebJobs;
using ExecutionContext = Microsoft.Azure.WebJobs.ExecutionContext;
using Worker = Microsoft.Azure.Functions.Worker;

namespace FashionFunctions.LocalHost.Triggers;

/// <summary>
/// The JobHost indexes methods that carry WebJobs attributes, while the app's functions carry the worker's. For each
/// queue- or timer-triggered worker function this emits, as the Functions host's own generator did, a class with one
/// method Run(trigger, ExecutionContext, CancellationToken) carrying the equivalent WebJobs attributes — [FunctionName],
/// [QueueTrigger] or [TimerTrigger] with the same binding expression, and the same retry policy — whose body calls
/// TriggeredFunction.RunAsync. The JobHost finds these classes through this ITypeLocator.
/// </summary>
public sealed class TriggerTypes : ITypeLocator
{
    private readonly IReadOnlyList<Type> types;

    public TriggerTypes(IEnumerable<WorkerFunction> functions)
    {
        // A module of its own per host: the type names must be the same in every instance of the app, because the
        // JobHost names the timer's singleton lock and schedule status after them.
        var module = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("LocalTriggers"), AssemblyBuilderAccess.Run).DefineDynamicModule("LocalTriggers");
        types = [.. functions.Where(f => f.Kind is TriggerKind.Queue or TriggerKind.Timer).Select(f => Emit(module, f))];
    }

    public IReadOnlyList<Type> GetTypes() => types;

    private static Type Emit(ModuleBuilder module, WorkerFunction function)
    {
        var type = module.DefineType($"LocalTriggers.{function.Name}", TypeAttributes.Public | TypeAttributes.Sealed, typeof(TriggeredFunction));
        var baseConstructor = typeof(TriggeredFunction).GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Single();
        var constructor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, [typeof(IServiceProvider)]);
        var il = constructor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, baseConstructor);
        il.Emit(OpCodes.Ret);

        var (triggerType, triggerAttribute) = Trigger(function);
        var run = type.DefineMethod("Run", MethodAttributes.Public, typeof(Task), [triggerType, typeof(ExecutionContext), typeof(CancellationToken)]);
        run.SetCustomAttribute(Attribute<FunctionNameAttribute>([typeof(string)], [function.Name]));
        if (Retry(function.Retry) is { } retry)
        {
            run.SetCustomAttribute(retry);
        }

        run.DefineParameter(1, ParameterAttributes.None, function.TriggerParameter.Name).SetCustomAttribute(triggerAttribute);
        run.DefineParameter(2, ParameterAttributes.None, "executionContext");
        run.DefineParameter(3, ParameterAttributes.None, "cancellationToken");
        var body = run.GetILGenerator();
        body.Emit(OpCodes.Ldarg_0);
        body.Emit(OpCodes.Ldstr, function.Name);
        body.Emit(OpCodes.Ldarg_1);
        body.Emit(OpCodes.Ldarg_2);
        body.Emit(OpCodes.Ldarg_3);
        body.Emit(OpCodes.Call, typeof(TriggeredFunction).GetMethod("RunAsync", BindingFlags.Instance | BindingFlags.NonPublic)!);
        body.Emit(OpCodes.Ret);
        return type.CreateType();
    }

    private static (Type, CustomAttributeBuilder) Trigger(WorkerFunction function) => function.Trigger switch
    {
        Worker.QueueTriggerAttribute queue => (typeof(string), Attribute<QueueTriggerAttribute>([typeof(string)], [queue.QueueName],
            queue.Connection is null ? [] : [(nameof(QueueTriggerAttribute.Connection), queue.Connection)])),
        Worker.TimerTriggerAttribute timer => (typeof(TimerInfo), Attribute<TimerTriggerAttribute>([typeof(string)], [timer.Schedule],
            [(nameof(TimerTriggerAttribute.RunOnStartup), timer.RunOnStartup), (nameof(TimerTriggerAttribute.UseMonitor), timer.UseMonitor)])),
        _ => throw function.Unsupported("only queue and timer triggers run on the JobHost"),
    };

    private static CustomAttributeBuilder? Retry(Worker.RetryAttribute? retry) => retry switch
    {
        null => null,
        Worker.FixedDelayRetryAttribute fixedDelay => Attribute<FixedDelayRetryAttribute>([typeof(int), typeof(string)],
            [fixedDelay.MaxRetryCount, fixedDelay.DelayInterval]),
        Worker.ExponentialBackoffRetryAttribute backoff => Attribute<ExponentialBackoffRetryAttribute>([typeof(int), typeof(string), typeof(string)],
            [backoff.MaxRetryCount, backoff.MinimumInterval, backoff.MaximumInterval]),
        _ => throw new NotSupportedException($"Retry policy {retry.GetType().Name} has no WebJobs equivalent."),
    };

    private static CustomAttributeBuilder Attribute<T>(Type[] parameters, object[] arguments, IReadOnlyList<(string Name, object Value)>? properties = null)
        where T : Attribute
    {
        properties ??= [];
        return new CustomAttributeBuilder(typeof(T).GetConstructor(parameters)!, arguments,
            [.. properties.Select(p => typeof(T).GetProperty(p.Name)!)], [.. properties.Select(p => p.Value)]);
    }
}
