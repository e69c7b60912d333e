using System.Text.Json;
using FashionFunctions.Core.Training.Trainers;
using FashionFunctions.Core.Training;
using FashionFunctions.Training;
using Microsoft.Extensions.Options;

namespace FashionFunctions.Tests.Unit;

public sealed class TrainerRegistryTests
{
    [Fact]
    public void The_registry_finds_every_trainer_class()
    {
        Assert.Contains("lightgbm", TrainerRegistry.Names);
        Assert.Contains("sdca", TrainerRegistry.Names);
        Assert.Equal(TrainerRegistry.Names.Count, TrainerRegistry.Names.Distinct().Count());
        Assert.All(TrainerRegistry.All, t => Assert.All(t.Hyperparameters, h => Assert.Null(h.Check(h.Default))));
    }

    [Fact]
    public void Settings_take_the_defaults_then_the_configuration_then_the_request()
    {
        var options = new TrainingOptions { Hyperparameters = new(StringComparer.OrdinalIgnoreCase) { ["Blend"] = new() { ["leaves"] = 15, ["learningRate"] = 0.2 } } };
        var request = Parse("""{"options": {"learningRate": 0.05, "seed": 7}}""");

        var settings = request.Settings(options);

        Assert.Equal("blend", settings.Trainer);
        Assert.Equal((7, 2), (settings.Seed, settings.Threads));
        Assert.Equal(15, settings["leaves"]);
        Assert.Equal(0.05, settings["learningRate"]);
        Assert.Equal(300, settings["iterations"]);
        Assert.Equal(TrainerRegistry.Find("blend")!.Hyperparameters.Count, settings.Hyperparameters.Count);
    }

    [Fact]
    public void Sdca_runs_on_one_thread_whatever_is_configured()
    {
        var settings = new RetrainRequest { Trainer = "sdca" }.Settings(new TrainingOptions { Threads = 8 });

        Assert.Equal(1, settings.Threads);
    }

    [Theory]
    [InlineData("""{"options": {"iterations": 0}}""", "iterations must be from 1")]
    [InlineData("""{"options": {"leaves": 2.5}}""", "leaves must be a whole number")]
    [InlineData("""{"options": {"colour": 3}}""", "'colour' is not a hyperparameter of blend")]
    [InlineData("""{"options": {"learningRate": "fast"}}""", "must be a number")]
    [InlineData("""{"trainer": "sdca", "options": {"leaves": 31}}""", "'leaves' is not a hyperparameter of sdca")]
    [InlineData("""{"trainer": "tensorflow"}""", "Unknown trainer 'tensorflow'")]
    public void A_request_outside_the_trainers_definition_is_refused_with_its_reason(string json, string reason)
    {
        Assert.False(RetrainRequest.TryParse(json, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Configured_hyperparameters_are_checked_on_start()
    {
        var validator = new TrainingOptionsValidator();

        var unknown = validator.Validate(null, new TrainingOptions { Hyperparameters = new() { ["lightgbm"] = new() { ["depth"] = 3 } } });
        var outOfRange = validator.Validate(null, new TrainingOptions { Hyperparameters = new() { ["sdca"] = new() { ["iterations"] = 0 } } });
        var fine = validator.Validate(null, new TrainingOptions { Hyperparameters = new() { ["sdca"] = new() { ["iterations"] = 5 } } });

        Assert.Contains("'depth' is not a hyperparameter", unknown.FailureMessage);
        Assert.Contains("iterations must be from 1", outOfRange.FailureMessage);
        Assert.Equal(ValidateOptionsResult.Success, fine);
    }

    [Fact]
    public void A_request_round_trips_its_hyperparameters_as_plain_json()
    {
        var request = Parse("""{"trainer": "sdca", "options": {"iterations": 5, "trainLimit": 500}}""");

        var json = JsonSerializer.Serialize(request, RetrainRequest.JsonOptions);

        Assert.Contains("\"iterations\":5", json);
        Assert.Equal(5, Parse(json).Settings(new TrainingOptions())["iterations"]);
    }

    private static RetrainRequest Parse(string json) =>
        RetrainRequest.TryParse(json, out var request, out var error) ? request : throw new InvalidOperationException(error);
}
