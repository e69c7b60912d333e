using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace FashionFunctions.Training;

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
        if (string.IsNullOrWhiteSpace(url))
        {
            return;
        }

        try
        {
            var http = httpClients.CreateClient(nameof(RetrainWebhook));
            using var response = await Delivery.ExecuteAsync(async token => await http.PostAsJsonAsync(url, summary, FashionJson.Web, token), ct);
            log.LogInformation("Retrain webhook {Url} answered {Status} for request {RequestId}", url, (int)response.StatusCode, summary.RequestId);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or OperationCanceledException)
        {
            log.LogWarning("Retrain webhook {Url} failed for request {RequestId}: {Error}", url, summary.RequestId, e.Message);
        }
    }
}
