using System.Text.Json;
using FashionFunctions.Tests.Infrastructure;

namespace FashionFunctions.Tests.Foundation;

public sealed class AdminCliTests
{
    [Fact]
    public async Task Migrate_applies_the_schema_and_reports_its_version_as_json()
    {
        await using var database = await TestDatabase.CreateAsync("climigrate", migrate: false);

        var result = await AdminCli.RunAsync(database.ConnectionString, "migrate", "--json");

        Assert.Equal(0, result.ExitCode);
        var version = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("schemaVersion").GetString();
        Assert.False(string.IsNullOrEmpty(version));
        Assert.Equal(10, await database.ScalarAsync<long>("SELECT COUNT(*) FROM categories"));
    }

    [Fact]
    public async Task An_unknown_command_is_bad_usage()
    {
        var result = await AdminCli.RunAsync(null, "frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error:", result.Stderr);
    }

    [Fact]
    public async Task A_missing_folder_fails_with_one_clear_line()
    {
        await using var database = await TestDatabase.CreateAsync("climissing");

        var result = await AdminCli.RunAsync(database.ConnectionString, "import", "--from", "/no/such/folder");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: Dataset folder '/no/such/folder' does not exist.", result.Stderr.Trim());
        Assert.Equal(0, await database.ScalarAsync<long>("SELECT COUNT(*) FROM tf_images"));
    }

    [Fact]
    public async Task Without_a_connection_string_it_says_which_setting_is_missing()
    {
        var result = await AdminCli.RunAsync(null, "migrate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ConnectionStrings:MariaDb is not set", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }
}
