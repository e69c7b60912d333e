using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Azure.Functions.Worker;

namespace FashionFunctions.LocalHost;

/// <summary>
/// The worker's middleware builder, as the local host's: the app's UseFashionMiddleware() registers its middlewares here
/// exactly as it does on the Functions worker's builder in Program.cs, and Build runs them in that order around a function.
/// </summary>
public sealed class WorkerPipeline(IServiceCollection services) : IFunctionsWorkerApplicationBuilder
{
    private readonly List<Func<FunctionExecutionDelegate, FunctionExecutionDelegate>> middlewares = [];

    public IServiceCollection Services => services;

    public IFunctionsWorkerApplicationBuilder Use(Func<FunctionExecutionDelegate, FunctionExecutionDelegate> middleware)
    {
        middlewares.Add(middleware);
        return this;
    }

    /// <summary>The first middleware registered is the outermost, as in the worker.</summary>
    public FunctionExecutionDelegate Build(FunctionExecutionDelegate function) =>
        Enumerable.Reverse(middlewares).Aggregate(function, (next, middleware) => middleware(next));
}
