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

    /// <summary>Every option the app binds is shown in the sample and explained in the operations manual.</summary>
    [Theory]
    [InlineData(typeof(FashionOptions), FashionOptions.Section)]
    [InlineData(typeof(global::FashionFunctions.Core.Training.TrainingOptions), global::FashionFunctions.Core.Training.TrainingOptions.Section)]
    [InlineData(typeof(global::FashionFunctions.Core.Predict.PredictOptions), global::FashionFunctions.Core.Predict.PredictOptions.Section)]
    [InlineData(typeof(global::FashionFunctions.Core.Drift.DriftOptions), global::FashionFunctions.Core.Drift.DriftOptions.Section)]
    public void Every_bound_option_is_in_the_sample_and_the_manual(Type options, string section)
    {
        var root = FashionFunctions.Tests.Infrastructure.TestEnvironment.RepositoryRoot;
        var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "local.settings.sample.json"))).RootElement.GetProperty("Values")
            .EnumerateObject().Select(v => v.Name).ToList();
        var manual = File.ReadAllText(Path.Combine(root, "docs", "operations.md"));
        // A dictionary is shown by its entries (Training__Hyperparameters__lightgbm__iterations); WebhookUrl keeps its
        // historical top-level name, RetrainWebhookUrl.
        var names = options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name != "WebhookUrl")
            .Select(p => $"{section}__{p.Name}")
            .ToList();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Contains(sample, s => s == name || s.StartsWith(name + "__", StringComparison.Ordinal)));
        Assert.All(names, name => Assert.Contains(name, manual, StringComparison.Ordinal));
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Expression();
}
