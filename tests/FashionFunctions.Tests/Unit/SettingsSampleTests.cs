using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;

namespace FashionFunctions.Tests.Unit;

public sealed partial class SettingsSampleTests
{
    /// <summary>Core Tools resolves %Name% binding expressions from local.settings.json: a missing one stops the host.</summary>
    [Fact]
    public void The_sample_settings_define_every_binding_expression_the_functions_use()
    {
        var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(FashionFunctions.Tests.Infrastructure.TestEnvironment.RepositoryRoot, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().Select(v => v.Name.Replace("__", ":", StringComparison.Ordinal)).ToHashSet();
        var expressions = typeof(FashionServices).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetParameters())
            .SelectMany(p => p.GetCustomAttributes<TimerTriggerAttribute>().Select(a => a.Schedule)
                .Concat(p.GetCustomAttributes<QueueTriggerAttribute>().Select(a => a.QueueName)))
            .SelectMany(text => Expression().Matches(text).Select(m => m.Groups[1].Value))
            .ToList();

        Assert.NotEmpty(expressions);
        Assert.All(expressions, name => Assert.Contains(name, values));
        Assert.Equal("UseDevelopmentStorage=true", sample.RootElement.GetProperty("Values").GetProperty("AzureWebJobsStorage").GetString());
        Assert.False(string.IsNullOrEmpty(sample.RootElement.GetProperty("ConnectionStrings").GetProperty("MariaDb").GetString()));
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Expression();
}
