using Microsoft.Azure.Functions.Worker.Converters;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace FashionFunctions.Http;

/// <summary>
/// The one validation filter: binds each [AsParameters] request record of the HTTP function being invoked and, when
/// any value is missing, malformed or out of its limits, answers with one validation problem listing them all, so the
/// function itself only ever sees valid input.
/// </summary>
public sealed class RequestValidationMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http && HttpFunctionCatalog.Find(context.FunctionDefinition.Name) is { RequestRecords.Count: > 0 } function)
        {
            foreach (var recordType in function.RequestRecords)
            {
                var bound = await RequestRecordBinder.BindAsync(recordType, http.Request, http.RequestAborted);
                if (!bound.Succeeded)
                {
                    context.GetInvocationResult().Value = bound.BodyProblem ?? ApiProblems.Validation(bound.Errors);
                    return;
                }

                context.Items[RequestRecordConverter.ItemKey(recordType)] = bound.Value!;
            }
        }

        await next(context);
    }
}

/// <summary>Hands a request record bound by <see cref="RequestValidationMiddleware"/> to the function's parameter.</summary>
public sealed class RequestRecordConverter : IInputConverter
{
    public static string ItemKey(Type recordType) => $"RequestRecord:{recordType.FullName}";

    public ValueTask<ConversionResult> ConvertAsync(ConverterContext context) =>
        ValueTask.FromResult(context.FunctionContext.Items.TryGetValue(ItemKey(context.TargetType), out var record)
            ? ConversionResult.Success(record)
            : ConversionResult.Unhandled());
}
