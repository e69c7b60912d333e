using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Polly.Retry;
using Polly.Timeout;
using Polly;

namespace FashionFunctions.Core.Training;

public sealed record RetrainSummary(
    string RequestId, RetrainRequestStatus Status, long? ModelVersion, double? Accuracy, bool Promoted, long? ActiveVersion, string? Message, DateTime FinishedAt);

/// <summary>Tells a webhook how a run ended: a few retries, a timeout, and never an exception to the caller.</summary>
public sealed class RetrainWebhook(IHttpClientFactory httpClients, ILogger<RetrainWebhook> log)
{
    private static readonly ResiliencePipeline<HttpResponseMessage> Delivery = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TimeoutRejectedException>()
                .HandleResult(r => (int)r.StatusCode >= 500 || (int)r.StatusCode == 429),
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
        })
        .AddTimeout(TimeSpan.FromSeconds(10))
        .Build();

    public async Task NotifyAsync(string? url, RetrainSummary summary, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(url))
        {
            await PostAsync(url, summary, $"retrain request {summary.RequestId}", ct);
        }
    }

    /// <summary>POSTs any payload the same way (the drift watch's alerts too); true when the receiver answered 2xx.</summary>
    public async Task<bool> PostAsync<T>(string url, T payload, string subject, CancellationToken ct)
    {
        try
        {
            var http = httpClients.CreateClient(nameof(RetrainWebhook));
            using var response = await Delivery.ExecuteAsync(async token => await http.PostAsJsonAsync(url, payload, FashionJson.Web, token), ct);
            log.LogInformation("Webhook {Url} answered {Status} for {Subject}", url, (int)response.StatusCode, subject);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or OperationCanceledException)
        {
            log.LogWarning("Webhook {Url} failed for {Subject}: {Error}", url, subject, e.Message);
            return false;
        }
    }
}
