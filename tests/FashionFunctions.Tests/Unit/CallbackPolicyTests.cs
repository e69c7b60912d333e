using System.Net;
using FashionFunctions.Core.Training;
using FashionFunctions.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Tests.Unit;

public sealed class CallbackPolicyTests
{
    private static CallbackPolicy Policy(string allowed = "") =>
        new(Options.Create(new TrainingOptions { AllowedCallbackHosts = allowed }), new ServiceCollection().BuildServiceProvider());

    [Theory]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::ffff:169.254.169.254]/")]
    [InlineData("https://[::ffff:a9fe:a9fe]/")]
    [InlineData("https://0xa9fea9fe/")]
    [InlineData("https://2852039166/")]
    [InlineData("https://0251.0376.0251.0376/")]
    [InlineData("https://10.0.0.1/hook")]
    [InlineData("https://172.16.5.4/")]
    [InlineData("https://192.168.1.1/")]
    [InlineData("https://100.64.0.1/")]
    [InlineData("https://127.0.0.1:3306/")]
    [InlineData("https://localhost:3306/")]
    [InlineData("https://[::1]/")]
    [InlineData("https://[fe80::1]/")]
    [InlineData("https://[fd00::1]/")]
    [InlineData("https://0.0.0.0/")]
    [InlineData("https://[::]/")]
    [InlineData("https://224.0.0.1/")]
    [InlineData("https://255.255.255.255/")]
    [InlineData("https://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("https://user:secret@93.184.216.34/")]
    [InlineData("http://93.184.216.34/")]
    [InlineData("ftp://93.184.216.34/")]
    [InlineData("not a url")]
    public async Task Refused(string url) => Assert.NotNull(await Policy().CheckAsync(url, CancellationToken.None));

    [Theory]
    [InlineData("https://93.184.216.34/hook")]
    [InlineData("https://[2606:2800:220:1:248:1893:25c8:1946]/hook")]
    public async Task Public_addresses_over_https_are_allowed(string url) => Assert.Null(await Policy().CheckAsync(url, CancellationToken.None));

    [Fact]
    public async Task A_listed_host_is_trusted_as_it_is()
    {
        var policy = Policy(allowed: "127.0.0.1, hooks.internal");

        Assert.Null(await policy.CheckAsync("http://127.0.0.1:5005/done", CancellationToken.None));
        Assert.Null(await policy.CheckAsync("https://hooks.internal/done", CancellationToken.None));
        Assert.NotNull(await policy.CheckAsync("http://127.0.0.2:5005/done", CancellationToken.None));
    }

    [Theory]
    [InlineData("8.8.8.8", false)]
    [InlineData("172.32.0.1", false)]
    [InlineData("169.253.1.1", false)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("2001:db8::1", false)]
    [InlineData("ff02::1", true)]
    public void Address_ranges(string address, bool forbidden) => Assert.Equal(forbidden, CallbackPolicy.IsForbidden(IPAddress.Parse(address)));
}
