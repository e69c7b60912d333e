using System.Net.Sockets;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Core.Training;

/// <summary>
/// Where a retrain summary may be POSTed. A callback URL comes from a client, so it must not reach what only the
/// service can reach: loopback, private, link-local (cloud metadata), multicast or unspecified addresses, in any
/// spelling (IPv4, IPv6, IPv4-mapped IPv6, decimal or hex), whether named directly or by a host name that resolves to
/// one. Hosts listed in Training:AllowedCallbackHosts are trusted as they are. The check runs when the request arrives
/// (a clear 400) and again when connecting (a name may resolve elsewhere by then).
/// </summary>
public sealed class CallbackPolicy(IOptions<TrainingOptions> options, IServiceProvider services)
{
    private bool AllowsHttp => services.GetService(typeof(IHostEnvironment)) is IHostEnvironment { } environment && environment.IsDevelopment();

    /// <summary>Null when the URL may be called back, else why not, in a sentence for the client.</summary>
    public async Task<string?> CheckAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return $"callbackUrl {InputEcho.Quote(url)} is not an absolute http(s) URL.";
        }

        if (uri.Scheme == "http" && !AllowsHttp && !IsAllowed(uri.Host))
        {
            return "callbackUrl must use https.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "callbackUrl must not carry a user name or password.";
        }

        if (IsAllowed(uri.Host))
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri, ct);
        }
        catch (SocketException)
        {
            return $"callbackUrl's host {InputEcho.Quote(uri.Host)} does not resolve.";
        }

        return addresses.Length == 0 || addresses.Any(IsForbidden)
            ? $"callbackUrl's host {InputEcho.Quote(uri.Host)} is a loopback, private, link-local, multicast or unspecified address; those are never called back."
            : null;
    }

    /// <summary>For the webhook's HTTP handler: connects only to an address the policy allows.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (!IsAllowed(host) && (addresses.Length == 0 || addresses.Any(IsForbidden)))
        {
            throw new HttpRequestException($"Refused to connect to {host}: it resolves to an address callbacks may not reach.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // The drift watch's webhook is the operator's choice, as Training:WebhookUrl is: its host is trusted the same way.
    private bool IsAllowed(string host) =>
        options.Value.AllowsCallbackHost(host)
        || (services.GetService(typeof(IOptions<Drift.DriftOptions>)) is IOptions<Drift.DriftOptions> drift
            && Uri.TryCreate(drift.Value.WebhookUrl, UriKind.Absolute, out var webhook)
            && string.Equals(webhook.Host.Trim('[', ']'), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase));

    private static async Task<IPAddress[]> ResolveAsync(Uri uri, CancellationToken ct) =>
        uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            ? [IPAddress.Parse(uri.DnsSafeHost)]
            : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, ct);

    /// <summary>Addresses only the service itself (or its network) should reach.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal
                || (address.GetAddressBytes() is [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ..]); // IPv4-compatible (deprecated) forms
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,                          // "this network", private, loopback
            100 => b[1] is >= 64 and <= 127,                 // carrier-grade NAT
            169 => b[1] == 254,                              // link-local, including cloud metadata endpoints
            172 => b[1] is >= 16 and <= 31,                  // private
            192 => (b[1] == 168) || (b[1] == 0 && b[2] == 0), // private; IETF protocol assignments
            198 => b[1] is 18 or 19,                         // benchmarking
            >= 224 => true,                                  // multicast, reserved, broadcast
            _ => false,
        };
    }
}
