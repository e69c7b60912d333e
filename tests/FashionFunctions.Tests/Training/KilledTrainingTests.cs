using System.Diagnostics;
using FashionFunctions.Tests.Infrastructure;

namespace FashionFunctions.Tests.Training;

/// <summary>A training process killed half-way leaves no unverified model active, and the next run succeeds.</summary>
[Collection(TrainingDatabase.Name)]
public sealed class KilledTrainingTests(TrainingFixture fixture)
{
    [Fact]
    public async Task A_training_killed_half_way_leaves_the_active_model_and_the_next_run_succeeds()
    {
        var activeBefore = await fixture.Database.QueryAsync<long>("SELECT version FROM models WHERE status = 'active'");
        var settings = new Dictionary<string, string>
        {
            ["Training__ModelsContainer"] = TrainingFixture.QuickTraining["Training:ModelsContainer"]!,
            ["Training__Trainer"] = "lightgbm",
        };
        var cli = AdminCli.Start(fixture.Database.ConnectionString, settings, "train", "--force");

        var started = Stopwatch.StartNew();
        while (await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM models WHERE status = 'training'") == 0 && started.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(100);
        }

        // Killed as soon as its row says training: whatever it was doing then, the row must not stay so.
        cli.Kill(entireProcessTree: true);
        await cli.WaitForExitAsync();

        Assert.Equal(activeBefore, await fixture.Database.QueryAsync<long>("SELECT version FROM models WHERE status = 'active'"));
        var next = await AdminCli.RunAsync(fixture.Database.ConnectionString, new Dictionary<string, string>(settings) { ["Training__Trainer"] = "sdca", ["Training__Hyperparameters__sdca__iterations"] = "5" },
            "train", "--train-limit", "1000", "--force", "--json");
        Assert.Equal(0, next.ExitCode);
        Assert.Equal(0, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM models WHERE status = 'training'"));
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT COUNT(*) FROM models WHERE status = 'active'"));
        Assert.Contains("Interrupted", await fixture.Database.ScalarAsync<string>("SELECT error FROM models WHERE status = 'failed' ORDER BY version DESC LIMIT 1"));
    }
}
