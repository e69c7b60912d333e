using System.Net.Sockets;
using Azure;

namespace FashionFunctions.Core.Data;

/// <summary>Tells "the storage account cannot be reached right now" from a request the account refused.</summary>
public static class StorageErrors
{
    /// <summary>
    /// True for failures a retry later may cure: no answer at all (status 0: refused, reset, timed out) or the
    /// account saying it is busy or down (5xx).
    /// </summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        RequestFailedException failed => failed.Status is 0 or >= 500,
        HttpRequestException or SocketException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUnavailable),
        _ => e.InnerException is not null && IsUnavailable(e.InnerException),
    };
}
