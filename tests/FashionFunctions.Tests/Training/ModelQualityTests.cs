using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using FashionFunctions.Core.Learning;
using FashionFunctions.Core.Predict;
using FashionFunctions.Core.Training;
using FashionFunctions.Predict;
using FashionFunctions.Tests.Foundation;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;

namespace FashionFunctions.Tests.Training;

/// <summary>Reproducible models, the fixed validation split, promotion on validation, refused feature contracts, plain JSON.</summary>
[Collection(TrainingDatabase.Name)]
public sealed class ModelQualityTests(TrainingFixture fixture)
{
    private async Task<TrainingData> Data(int trainLimit) => TrainingData.Split(
        await TrainingSet.ReadAsync(fixture.Database.DataSource, ImageUse.Training, null, CancellationToken.None),
        await TrainingSet.ReadAsync(fixture.Database.DataSource, ImageUse.Testing, null, CancellationToken.None),
        trainLimit);

    private static Dictionary<string, string> CliSettings => new()
    {
        ["Training__Trainer"] = "sdca",
        ["Training__Hyperparameters__sdca__iterations"] = "5",
        ["Training__ModelsContainer"] = TrainingFixture.QuickTraining["Training:ModelsContainer"]!,
    };

    [Theory]
    [InlineData("""{"trainer": "sdca", "options": {"iterations": 5}}""")]
    [InlineData("""{"trainer": "lightgbm", "options": {"iterations": 15, "earlyStoppingRounds": 0}}""")]
    [InlineData("""{"trainer": "lightgbm", "options": {"iterations": 15, "earlyStoppingRounds": 0, "gossTopRate": 0, "subsampleFraction": 0.5}}""")]
    [InlineData("""{"trainer": "blend", "options": {"iterations": 15, "earlyStoppingRounds": 0, "patchIterations": 20}}""")]
    public async Task The_same_data_seed_and_code_give_the_same_scores(string request)
    {
        var data = await Data(2000);
        var settings = Parse(request).Settings(new TrainingOptions());

        var first = ImageClassifierTrainer.Train(data, settings, 0.01, CancellationToken.None);
        var second = ImageClassifierTrainer.Train(data, settings, 0.01, CancellationToken.None);

        Assert.Equal(first.DataSha256, second.DataSha256);
        Assert.Equal(first.ValidationCorrect, second.ValidationCorrect);
        Assert.Equal(first.Validation.LogLoss, second.Validation.LogLoss);
        Assert.Equal(first.Testing.LogLoss, second.Testing.LogLoss);
        Assert.Equal(first.Card.Temperature, second.Card.Temperature);
        Assert.Equal(first.Card.OutOfDistribution.Threshold, second.Card.OutOfDistribution.Threshold);
        var (a, b) = (new LoadedModel(1, first.Zip), new LoadedModel(2, second.Zip));
        foreach (var row in Enumerable.Range(0, 50))
        {
            var (x, y) = (a.Score(data.Testing.Row(row)), b.Score(data.Testing.Row(row)));
            Assert.Equal(x.Probabilities, y.Probabilities);
            Assert.Equal((x.OutOfDistribution, x.OutOfDistributionScore), (y.OutOfDistribution, y.OutOfDistributionScore));
        }
    }

    [Theory]
    [InlineData("lightgbm", "FashionFeatures.v3")]
    [InlineData("blend", "FashionFeatures.v3+PatchFeatures.v1")]
    public async Task A_stored_model_is_served_from_blob_storage_with_the_figures_it_was_trained_with(string trainer, string contract)
    {
        var registry = fixture.App.Get<ModelRegistry>();
        // The collection's fixture trains no model of its own: whether one is active depends on the tests before.
        var activeBefore = (await registry.GetActiveAsync(CancellationToken.None))?.Version;
        var outcome = await fixture.App.Get<RetrainService>().RunAsync(
            Parse($$$"""{"trainer": "{{{trainer}}}", "options": {"trainLimit": 3000, "iterations": 20, "earlyStoppingRounds": 0}}"""), "test", CancellationToken.None);
        var model = outcome.Model ?? throw new InvalidOperationException(outcome.Message);
        try
        {
            // Loaded back from its blob (native LightGBM trees inside the zip), every Testing image scored again.
            var scored = await fixture.App.Get<BatchScorer>().ScoreAsync(ImageUse.Testing, model.Version, CancellationToken.None);

            Assert.Equal((trainer, contract), (model.Trainer, model.FeatureContract));
            Assert.Equal((10_000, model.Version), (scored.Scored, scored.ModelVersion));
            Assert.Equal(model.TestAccuracy, scored.Accuracy, 6);
            Assert.InRange(scored.Accuracy, 0.75, 1);
        }
        finally
        {
            if (activeBefore is { } version)
            {
                await registry.ActivateAsync(version, CancellationToken.None);
            }
        }
    }

    [Fact]
    public async Task Another_seed_gives_another_lightgbm_model_on_the_same_data()
    {
        var data = await Data(2000);
        var options = new TrainingOptions();

        var first = ImageClassifierTrainer.Train(data, Parse("""{"trainer": "lightgbm", "options": {"iterations": 15, "seed": 1}}""").Settings(options), 0.01, CancellationToken.None);
        var second = ImageClassifierTrainer.Train(data, Parse("""{"trainer": "lightgbm", "options": {"iterations": 15, "seed": 2}}""").Settings(options), 0.01, CancellationToken.None);

        Assert.Equal(first.DataSha256, second.DataSha256);
        Assert.NotEqual(first.Validation.LogLoss, second.Validation.LogLoss);
    }

    [Fact]
    public async Task Sql_names_the_same_validation_rows_as_the_code()
    {
        const string validationSql = """
            SELECT img_idx FROM (
                SELECT img_idx,
                       ROW_NUMBER() OVER (PARTITION BY img_label ORDER BY CRC32(CONCAT('fashion-validation:1:', img_idx)), img_idx) AS r,
                       COUNT(*) OVER (PARTITION BY img_label) AS n
                FROM tf_images WHERE img_use = 1) ranked
            WHERE r <= FLOOR(n / 10)
            ORDER BY img_idx
            """;
        var data = await Data(100);

        var fromSql = await fixture.Database.QueryAsync<long>(validationSql);

        Assert.Equal(6000, fromSql.Count);
        Assert.Equal(data.Validation.Indexes.Order().Select(i => (long)i), fromSql);
        Assert.Empty(data.Training.Indexes.Intersect(data.Validation.Indexes));
    }

    [Fact]
    public async Task A_retrain_no_better_on_validation_stays_candidate_whatever_its_test_accuracy()
    {
        var retrains = fixture.App.Get<RetrainService>();
        var request = new RetrainRequest { Options = new RetrainOverrides { TrainLimit = 3000 } };
        var active = (await retrains.RunAsync(request with { Force = true }, "test", CancellationToken.None)).Model!;

        var same = await retrains.RunAsync(request, "test", CancellationToken.None);

        Assert.False(same.Promoted);
        Assert.Equal(ModelStatus.Candidate, same.Model!.Status);
        Assert.Contains("McNemar", same.Model.Promotion);
        Assert.Equal(active.Version, (await fixture.App.Get<ModelRegistry>().GetActiveAsync(CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task A_model_whose_feature_contract_the_code_does_not_provide_is_refused()
    {
        var model = (await fixture.App.Get<RetrainService>().RunAsync(
            new RetrainRequest { Options = new RetrainOverrides { TrainLimit = 1000 }, Force = true }, "test", CancellationToken.None)).Model!;
        var zip = await fixture.App.Get<ModelStore>().DownloadAsync(model.BlobName, model.Sha256, CancellationToken.None);
        var card = ModelCard.Read(zip)!;

        var loading = Assert.Throws<NoActiveModelException>(() => new LoadedModel(model.Version, ModelCard.Attach(zip, card with { FeatureContract = "FashionFeatures.v1" })));
        Assert.Contains("'FashionFeatures.v1', which this code does not provide", loading.Message);

        await fixture.Database.ScalarAsync<long>("UPDATE models SET feature_contract = 'FashionFeatures.v1' WHERE version = @v; SELECT 1", new { v = model.Version });
        try
        {
            await using var app = await FashionApp.StartAsync(fixture.Database, TrainingFixture.QuickTraining);
            var content = new ByteArrayContent(Core.Images.GrayscalePng.Encode(new byte[784]));
            content.Headers.ContentType = new("image/png");
            var response = await app.Http.PostAsync("/api/predict", content);
            await ExploreApiTests.AssertProblem(response, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("FashionFeatures.v1", await response.Content.ReadAsStringAsync());

            var cli = await AdminCli.RunAsync(fixture.Database.ConnectionString, CliSettings, "predict", "--use", "Testing", "--idx", "0");
            Assert.Equal(1, cli.ExitCode);
            Assert.Contains("FashionFeatures.v1", cli.Stderr);
        }
        finally
        {
            await fixture.Database.ScalarAsync<long>("UPDATE models SET feature_contract = @c WHERE version = @v; SELECT 1", new { v = model.Version, c = FashionFeatures.ContractName });
        }
    }

    [Fact]
    public async Task Models_json_is_plain_json_with_every_registry_field()
    {
        var trained = await AdminCli.RunAsync(fixture.Database.ConnectionString, CliSettings, "train", "--train-limit", "1000", "--json");
        Assert.True(trained.ExitCode == 0, trained.Stderr);

        var listed = await AdminCli.RunAsync(fixture.Database.ConnectionString, CliSettings, "models", "--json");

        Assert.Equal(0, listed.ExitCode);
        var model = JsonDocument.Parse(listed.Stdout).RootElement[0];
        Assert.Equal(JsonValueKind.Object, model.GetProperty("hyperparameters").ValueKind);
        Assert.Equal(5, model.GetProperty("hyperparameters").GetProperty("iterations").GetDouble());
        Assert.Equal((42, 1), (model.GetProperty("seed").GetInt32(), model.GetProperty("threads").GetInt32()));
        Assert.Equal(FashionFeatures.ContractName, model.GetProperty("featureContract").GetString());
        Assert.False(string.IsNullOrWhiteSpace(model.GetProperty("codeVersion").GetString()));
        Assert.Equal(64, model.GetProperty("dataSha256").GetString()!.Length);
        Assert.Equal(ValidationSplit.Name, model.GetProperty("validationSplit").GetString());
        Assert.Equal(6000, model.GetProperty("validationRows").GetInt32());
        Assert.InRange(model.GetProperty("validationAccuracy").GetDouble(), 0.5, 1);
        var ci = model.GetProperty("testAccuracyCi95");
        Assert.InRange(model.GetProperty("testAccuracy").GetDouble(), ci[0].GetDouble(), ci[1].GetDouble());
        Assert.Equal(JsonValueKind.Object, model.GetProperty("calibration").ValueKind);
        Assert.True(model.GetProperty("calibration").GetProperty("temperature").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Object, model.GetProperty("outOfDistribution").ValueKind);
        Assert.Equal(JsonValueKind.Array, model.GetProperty("perClass").ValueKind);
        Assert.Equal(JsonValueKind.Array, model.GetProperty("confusionMatrix").ValueKind);
        Assert.False(model.TryGetProperty("hyperparametersJson", out _));
        var served = await fixture.App.Http.GetFromJsonAsync<JsonElement>($"/api/models/{model.GetProperty("version").GetInt64()}");
        Assert.True(JsonElement.DeepEquals(served, model), $"the CLI and the API disagree:\n{listed.Stdout}\n{served}");
    }

    private static RetrainRequest Parse(string json) =>
        RetrainRequest.TryParse(json, out var request, out var error) ? request : throw new InvalidOperationException(error);
}
