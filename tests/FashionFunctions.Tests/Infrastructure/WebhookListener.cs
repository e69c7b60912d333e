using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;

namespace FashionFunctions.Tests.Infrastructure;

/// <summary>A real HTTP endpoint on loopback that records what is POSTed to it, or answers with a failure.</summary>
public sealed class WebhookListener : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Channel<JsonElement> received = Channel.CreateUnbounded<JsonElement>();
    private int calls;

    private WebhookListener(WebApplication app) => this.app = app;

    public string Url => app.Urls.First() + "/hook";

    public int Calls => calls;

    public static async Task<WebhookListener> StartAsync(HttpStatusCode? failWith = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var listener = new WebhookListener(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            Interlocked.Increment(ref listener.calls);
            if (failWith is { } status)
            {
                context.Response.StatusCode = (int)status;
                return;
            }

            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            await listener.received.Writer.WriteAsync(body);
        });
        await app.StartAsync();
        return listener;
    }

    public async Task<JsonElement> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await received.Reader.ReadAsync(cancel.Token);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
