using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs;
using FashionFunctions.Core.Training;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Runtime;

/// <summary>The retrain timer on the real trigger engine, with two instances of the app sharing MariaDB and Azurite.</summary>
[Collection(RuntimeCollection.Name)]
public sealed class TimerTriggerTests
{
    [Fact]
    public async Task With_two_instances_the_timer_fires_on_the_one_holding_the_lease_and_moves_when_it_dies()
    {
        // No images: each run fails fast ("run the import first"), which is enough to see where and when the timer fired.
        await using var database = await TestDatabase.CreateAsync("timer");
        var hostId = $"fftest-{TestEnvironment.RunId}-timer";
        var settings = LocalHostProcess.Settings(database);
        settings["AzureFunctionsWebHost:hostid"] = hostId;
        settings["RetrainSchedule"] = "*/2 * * * * *";
        settings["AzureWebJobs.RetrainOnSchedule.Disabled"] = "false";
        // The shortest lease host.json's singleton section allows, so the other instance takes over within a test.
        settings["AzureFunctionsJobHost:singleton:listenerLockPeriod"] = "00:00:15";
        settings["AzureFunctionsJobHost:singleton:listenerLockRecoveryPollingInterval"] = "00:00:15";
        var log = new FunctionLog();
        await using var first = await LocalHostProcess.StartAsync("first", settings, log);
        await using var second = await LocalHostProcess.StartAsync("second", settings, log);

        var runs = new List<Invocation>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await log.NextAsync(nameof(RetrainOnSchedule), TimeSpan.FromSeconds(30)));
        }

        var holder = Assert.Single(runs.Select(r => r.Host).Distinct());
        var (dying, survivor) = holder == first.Name ? (first, second) : (second, first);
        Assert.Contains(survivor.Lines, line => line.Contains("LocalTriggers.RetrainOnSchedule.Run", StringComparison.Ordinal));
        var lease = await new BlobServiceClient(TestEnvironment.Storage).GetBlobContainerClient(TimerStatus.Container)
            .GetBlobClient($"locks/{hostId}/LocalTriggers.RetrainOnSchedule.Run.Listener").GetPropertiesAsync();
        Assert.Equal(LeaseState.Leased, lease.Value.LeaseState);

        Assert.DoesNotContain(log.Seen, run => run.Host == survivor.Name);
        await dying.KillAsync();
        var next = await log.NextAsync(i => i.Function == nameof(RetrainOnSchedule) && i.Host == survivor.Name, TimeSpan.FromSeconds(90));

        Assert.True(next.Succeeded);
        Assert.True(await database.ScalarAsync<long>("SELECT COUNT(*) FROM retrain_requests WHERE source = 'timer'") >= 4);
    }
}
