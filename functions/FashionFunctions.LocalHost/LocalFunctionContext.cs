using System.Collections.Immutable;
using System.Collections;
using System.Diagnostics;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace FashionFunctions.LocalHost;

/// <summary>
/// The worker's FunctionContext for one local invocation, with what the app's middlewares read: the invocation id, the
/// function's definition, the invocation's services, the HTTP context (under the key the worker's ASP.NET Core
/// integration uses, so GetHttpContext() finds it) and the invocation result (GetInvocationResult()).
/// </summary>
public sealed class LocalFunctionContext : FunctionContext
{
    // The key the worker's ASP.NET Core integration stores the request's HttpContext under.
    private const string HttpContextKey = "HttpRequestContext";

    private readonly LocalInvocationFeatures features = new();
    private readonly CancellationToken cancellation;

    public LocalFunctionContext(WorkerFunction function, IServiceProvider services, string invocationId, object? triggerValue,
        HttpContext? http, RetryContext? retry, CancellationToken ct)
    {
        Function = function;
        InstanceServices = services;
        InvocationId = invocationId;
        TriggerValue = triggerValue;
        RetryContext = retry ?? new LocalRetryContext(0, 0);
        cancellation = ct;
        FunctionDefinition = new LocalFunctionDefinition(function);
        if (http is not null)
        {
            Items[HttpContextKey] = http;
        }

        var (type, feature) = InvocationResultFeature.Create(this);
        features.Set(type, feature);
    }

    public WorkerFunction Function { get; }

    /// <summary>The queue message text, or the worker's TimerInfo; HTTP functions read the request from the HttpContext.</summary>
    public object? TriggerValue { get; }

    /// <summary>What the function returned (the HTTP response of a multi-output result); middlewares may replace it.</summary>
    public object? InvocationResult { get; set; }

    /// <summary>The queue messages of the result's [QueueOutput] properties, sent once the pipeline has finished.</summary>
    public List<QueueOutput> Outputs { get; } = [];

    public override string InvocationId { get; }

    public override string FunctionId => Function.Name;

    public override TraceContext TraceContext { get; } = new LocalTraceContext(Activity.Current);

    public override BindingContext BindingContext { get; } = new LocalBindingContext();

    public override RetryContext RetryContext { get; }

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => features;

    public override CancellationToken CancellationToken => cancellation;

    private sealed class LocalTraceContext(Activity? activity) : TraceContext
    {
        public override string TraceParent { get; } = activity?.Id ?? "";

        public override string TraceState { get; } = activity?.TraceStateString ?? "";
    }

    private sealed class LocalBindingContext : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = ImmutableDictionary<string, object?>.Empty;
    }

    private sealed class LocalFunctionDefinition(WorkerFunction function) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters { get; } =
            [.. function.Method.GetParameters().Select(p => new FunctionParameter(p.Name!, p.ParameterType))];

        public override string PathToAssembly => function.Method.DeclaringType!.Assembly.Location;

        public override string EntryPoint => $"{function.Method.DeclaringType!.FullName}.{function.Method.Name}";

        public override string Id => function.Name;

        public override string Name => function.Name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class LocalInvocationFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> features = [];

        public T Get<T>() => features.TryGetValue(typeof(T), out var feature) ? (T)feature : default!;

        public void Set<T>(T instance) => features[typeof(T)] = instance!;

        internal void Set(Type type, object instance) => features[type] = instance;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => features.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// The worker keeps an invocation's result in a feature whose interface is internal to it; GetInvocationResult()
    /// reads and writes through that feature. This proxy implements it over the local context, so a middleware that
    /// replaces the result (ServiceUnavailableMiddleware) works here as it does in the worker.
    /// </summary>
    public class InvocationResultFeature : DispatchProxy
    {
        private static readonly Type Interface = typeof(FunctionContext).Assembly
            .GetType("Microsoft.Azure.Functions.Worker.Context.Features.IFunctionBindingsFeature", throwOnError: true)!;

        private LocalFunctionContext context = null!;

        internal static (Type Type, object Feature) Create(LocalFunctionContext context)
        {
            var proxy = (InvocationResultFeature)DispatchProxy.Create(Interface, typeof(InvocationResultFeature));
            proxy.context = context;
            return (Interface, proxy);
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod?.Name)
            {
                case "get_InvocationResult":
                    return context.InvocationResult;
                case "set_InvocationResult":
                    context.InvocationResult = args![0];
                    return null;
                case "get_InputData" or "get_TriggerMetadata":
                    return ImmutableDictionary<string, object?>.Empty;
                case "get_OutputBindingData":
                    return new Dictionary<string, object?>();
                default:
                    // OutputBindingsInfo: the local host reads output bindings from the result itself (OutputBindings).
                    return null;
            }
        }
    }
}

public sealed class LocalRetryContext(int retryCount, int maxRetryCount) : RetryContext
{
    public override int RetryCount { get; } = retryCount;

    public override int MaxRetryCount { get; } = maxRetryCount;
}
