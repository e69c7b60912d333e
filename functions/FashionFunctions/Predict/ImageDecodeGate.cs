using FashionFunctions.Core.Predict;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Predict;

/// <summary>All decoders are busy: the caller should retry shortly.</summary>
public sealed class DecodersBusyException(string message) : Exception(message);

/// <summary>
/// Bounds how many uploads are decoded at once, so a burst of huge images queues for a decoder instead of multiplying
/// the memory one decode needs; a request that cannot get one in time is answered 503 rather than left waiting.
/// </summary>
public sealed class ImageDecodeGate(IOptions<PredictOptions> options, ILogger<ImageDecodeGate> log)
{
    private readonly SemaphoreSlim slots = new(options.Value.MaxConcurrentDecodes, options.Value.MaxConcurrentDecodes);

    public async Task<T> RunAsync<T>(Func<T> decode, CancellationToken ct)
    {
        if (!await slots.WaitAsync(TimeSpan.FromSeconds(options.Value.DecodeWaitSeconds), ct))
        {
            log.LogWarning("No image decoder was free within {Seconds} s ({Decoders} in use); answering 503", options.Value.DecodeWaitSeconds, options.Value.MaxConcurrentDecodes);
            throw new DecodersBusyException("Every image decoder is busy; retry shortly.");
        }

        try
        {
            return decode();
        }
        finally
        {
            slots.Release();
        }
    }
}
