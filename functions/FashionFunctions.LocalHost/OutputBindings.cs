using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;
using Microsoft.Azure.Functions.Worker;

namespace FashionFunctions.LocalHost;

/// <summary>Messages a function asked for on one queue; the name may hold %binding expressions%.</summary>
public sealed record QueueOutput(string QueueName, IReadOnlyList<string> Messages);

/// <summary>
/// How the worker splits what a function returns: an object whose properties carry output binding attributes is a
/// multi-output result; its [HttpResult] property is the HTTP response and each [QueueOutput] property holds the
/// messages (a string, or several) for its queue. Any other value is the result itself.
/// </summary>
public sealed class OutputBindings
{
    private readonly PropertyInfo? httpResult;
    private readonly (PropertyInfo Property, QueueOutputAttribute Queue)[] queues;

    private OutputBindings(PropertyInfo? httpResult, (PropertyInfo, QueueOutputAttribute)[] queues) => (this.httpResult, this.queues) = (httpResult, queues);

    public IEnumerable<QueueOutputAttribute> Queues => queues.Select(q => q.Queue);

    public static OutputBindings For(WorkerFunction function, Type result)
    {
        if (function.Method.ReturnParameter.GetCustomAttribute<OutputBindingAttribute>() is { } onReturn)
        {
            throw function.Unsupported($"the local host takes output bindings from properties of the result, not [{onReturn.GetType().Name}] on the return value");
        }

        var bound = result.GetProperties().Select(p => (Property: p, Binding: p.GetCustomAttribute<OutputBindingAttribute>())).Where(p => p.Binding is not null).ToList();
        foreach (var (property, binding) in bound)
        {
            var supported = binding switch
            {
                HttpResultAttribute => IsHttpResult(property.PropertyType),
                QueueOutputAttribute => typeof(IEnumerable<string>).IsAssignableFrom(property.PropertyType) || property.PropertyType == typeof(string),
                _ => false,
            };
            if (!supported)
            {
                throw function.Unsupported($"the local host cannot send {property.PropertyType.Name} {property.Name} to [{binding!.GetType().Name}]");
            }
        }

        if (function.Kind == TriggerKind.Http && !IsHttpResult(result) && !bound.Any(b => b.Binding is HttpResultAttribute))
        {
            throw function.Unsupported("an HTTP function returns IResult or IActionResult, or an object with an [HttpResult] property of one");
        }

        return new OutputBindings(
            bound.SingleOrDefault(b => b.Binding is HttpResultAttribute).Property,
            [.. bound.Where(b => b.Binding is QueueOutputAttribute).Select(b => (b.Property, (QueueOutputAttribute)b.Binding!))]);
    }

    private static bool IsHttpResult(Type type) => typeof(IActionResult).IsAssignableFrom(type) || typeof(IResult).IsAssignableFrom(type);

    /// <summary>The invocation result (the HTTP response of a multi-output result), and the queue messages appended to outputs.</summary>
    public object? Split(object? returned, ICollection<QueueOutput> outputs)
    {
        if (returned is null || (httpResult is null && queues.Length == 0))
        {
            return returned;
        }

        foreach (var (property, queue) in queues)
        {
            var messages = property.GetValue(returned) switch
            {
                string one => [one],
                IEnumerable<string> many => many.ToList(),
                _ => [],
            };
            if (messages.Count > 0)
            {
                outputs.Add(new QueueOutput(queue.QueueName, messages));
            }
        }

        return httpResult?.GetValue(returned);
    }
}
