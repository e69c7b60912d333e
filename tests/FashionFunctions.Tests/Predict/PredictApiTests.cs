using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text;
using FashionFunctions.Core.Images;
using FashionFunctions.Core.Training;
using FashionFunctions.Tests.Foundation;
using FashionFunctions.Tests.Infrastructure;
using FashionFunctions.Training;
using SkiaSharp;

namespace FashionFunctions.Tests.Predict;

/// <summary>POST /api/predict and friends through real HTTP, with the predictions table checked after each.</summary>
[Collection(PredictionDatabase.Name)]
public sealed class PredictApiTests(PredictionFixture fixture)
{
    private HttpClient Http => fixture.App.Http;

    private async Task<(byte[] Png, int Label)> Stored(int idx)
    {
        var png = await Http.GetByteArrayAsync($"/api/images/Testing/{idx}/png");
        var label = (await Http.GetFromJsonAsync<JsonElement>($"/api/images/Testing/{idx}")).GetProperty("label").GetInt32();
        return (png, label);
    }

    private async Task<JsonElement> Post(HttpContent content, string url = "/api/predict")
    {
        var response = await Http.PostAsync(url, content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static ByteArrayContent Bytes(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    [Fact]
    public async Task Testing_images_sent_as_png_get_their_class()
    {
        var correct = 0;
        for (var idx = 0; idx < 40; idx++)
        {
            var (png, label) = await Stored(idx);
            var result = await Post(Bytes(png, "image/png"));
            correct += result.GetProperty("label").GetInt32() == label ? 1 : 0;
            Assert.Equal(fixture.Model.Version, result.GetProperty("modelVersion").GetInt64());
            Assert.Equal(10, result.GetProperty("probabilities").EnumerateObject().Count());
            Assert.Equal(1.0, result.GetProperty("probabilities").EnumerateObject().Sum(p => p.Value.GetDouble()), 3);
        }

        Assert.True(correct >= 32, $"{correct}/40 correct");
        Assert.Equal("Ankle boot", (await Post(Bytes((await Stored(0)).Png, "image/png"))).GetProperty("className").GetString());
    }

    [Fact]
    public async Task A_stored_28x28_png_passes_through_preprocessing_unchanged()
    {
        var (png, _) = await Stored(7);

        var result = await Post(Bytes(png, "image/png"));

        Assert.Equal(GrayscalePng.Decode(png), GrayscalePng.Decode(Convert.FromBase64String(result.GetProperty("preprocessed").GetString()!)));
    }

    [Fact]
    public async Task An_upscaled_dark_on_light_jpeg_gets_the_same_class_as_the_original()
    {
        var agree = 0;
        for (var idx = 0; idx < 20; idx++)
        {
            var (png, _) = await Stored(idx);
            var original = (await Post(Bytes(png, "image/png"))).GetProperty("label").GetInt32();

            var photo = await Post(Bytes(ProductPhoto(GrayscalePng.Decode(png)), "image/jpeg"));

            agree += photo.GetProperty("label").GetInt32() == original ? 1 : 0;
        }

        Assert.True(agree >= 16, $"{agree}/20 agree");
    }

    [Fact]
    public async Task Pixels_and_vectors_as_json_give_the_same_answer_as_the_png()
    {
        var (png, _) = await Stored(3);
        var pixels = GrayscalePng.Decode(png);

        var fromPng = await Post(Bytes(png, "image/png"));
        var fromPixels = await Post(JsonContent.Create(new { pixels = pixels.Select(p => (int)p) }));
        var fromVector = await Post(JsonContent.Create(new { vector = pixels.Select(p => p / 255f) }));

        Assert.Equal(fromPng.GetProperty("label").GetInt32(), fromPixels.GetProperty("label").GetInt32());
        Assert.Equal(fromPng.GetProperty("confidence").GetDouble(), fromPixels.GetProperty("confidence").GetDouble(), 5);
        Assert.Equal(fromPng.GetProperty("confidence").GetDouble(), fromVector.GetProperty("confidence").GetDouble(), 5);
    }

    [Fact]
    public async Task A_multipart_upload_is_accepted()
    {
        var (png, label) = await Stored(0);
        using var form = new MultipartFormDataContent { { Bytes(png, "image/png"), "image", "boot.png" } };

        var result = await Post(form);

        Assert.Equal(label, result.GetProperty("label").GetInt32());
    }

    [Fact]
    public async Task A_stored_image_prediction_writes_one_row_with_its_true_label()
    {
        var before = await fixture.PredictionCount();

        var result = await Post(new StringContent(""), "/api/images/Testing/5/predict");

        Assert.Equal(before + 1, await fixture.PredictionCount());
        var row = (await fixture.Database.QueryAsync<(string Source, sbyte Use, long Idx, sbyte Predicted, sbyte Actual, bool Correct, string Probabilities, double Latency, string Sha, long Model)>(
            "SELECT source, img_use, img_idx, predicted_label, actual_label, correct, probabilities, latency_ms, input_sha256, model_version FROM predictions WHERE id = @id",
            new { id = result.GetProperty("predictionId").GetInt64() })).Single();
        Assert.Equal(("stored", 2, 5L), (row.Source, (int)row.Use, row.Idx));
        Assert.Equal(result.GetProperty("label").GetInt32(), row.Predicted);
        Assert.Equal(result.GetProperty("actualLabel").GetInt32(), row.Actual);
        Assert.Equal(row.Predicted == row.Actual, row.Correct);
        Assert.Equal(10, JsonDocument.Parse(row.Probabilities).RootElement.EnumerateObject().Count());
        Assert.True(row.Latency > 0);
        Assert.Equal(64, row.Sha.Length);
        Assert.Equal(fixture.Model.Version, row.Model);
    }

    [Fact]
    public async Task An_upload_writes_one_row_without_an_image_or_true_label()
    {
        var before = await fixture.PredictionCount();

        var result = await Post(Bytes((await Stored(1)).Png, "image/png"));

        Assert.Equal(before + 1, await fixture.PredictionCount());
        var row = (await fixture.Database.QueryAsync<(string Source, sbyte? Use, sbyte? Actual, bool? Correct)>(
            "SELECT source, img_use, actual_label, correct FROM predictions WHERE id = @id", new { id = result.GetProperty("predictionId").GetInt64() })).Single();
        Assert.Equal(("upload", null, null, null), (row.Source, row.Use, row.Actual, row.Correct));
    }

    [Fact]
    public async Task Non_garments_the_model_never_saw_are_flagged_and_still_stored()
    {
        // Drawn with other seeds than the ones the model's detector was fitted on.
        var negatives = Enumerable.Range(0, 70).Select(i => SyntheticNegatives.Png((NegativeKind)(i % 7), new Random(900_000 + i))).ToList();
        var before = await fixture.PredictionCount();

        var answers = new List<JsonElement>();
        foreach (var png in negatives)
        {
            answers.Add(await Post(Bytes(png, "image/png")));
        }

        Assert.Equal(before + 70, await fixture.PredictionCount());
        var flagged = answers.Count(a => a.GetProperty("outOfDistribution").GetBoolean());
        Assert.True(flagged >= 56, $"{flagged}/70 non-garments flagged");
        Assert.All(answers, a => Assert.Equal(a.GetProperty("outOfDistribution").GetBoolean(),
            a.GetProperty("outOfDistributionScore").GetDouble() > a.GetProperty("outOfDistributionThreshold").GetDouble()));
        var last = answers[^1];
        var row = (await fixture.Database.QueryAsync<(bool Flag, double Score)>(
            "SELECT out_of_distribution, ood_score FROM predictions WHERE id = @id", new { id = last.GetProperty("predictionId").GetInt64() })).Single();
        Assert.Equal(last.GetProperty("outOfDistribution").GetBoolean(), row.Flag);
        Assert.Equal(last.GetProperty("outOfDistributionScore").GetDouble(), row.Score, 6);
    }

    [Fact]
    public async Task The_issues_examples_are_flagged_and_testing_garments_are_not()
    {
        using var white = new SKBitmap(new SKImageInfo(8000, 5000, SKColorType.Gray8, SKAlphaType.Opaque));
        white.Erase(SKColors.White);
        using var transparent = new SKBitmap(new SKImageInfo(300, 300, SKColorType.Rgba8888, SKAlphaType.Premul));
        transparent.Erase(SKColors.Transparent);
        var examples = new[]
        {
            Bytes(SKImage.FromBitmap(white).Encode(SKEncodedImageFormat.Jpeg, 80).ToArray(), "image/jpeg"),
            Bytes(SKImage.FromBitmap(transparent).Encode(SKEncodedImageFormat.Png, 100).ToArray(), "image/png"),
            Bytes(SyntheticNegatives.Png(NegativeKind.Gradient, new Random(77)), "image/png"),
            Bytes(SyntheticNegatives.Png(NegativeKind.Text, new Random(78)), "image/png"),
        };

        foreach (var example in examples)
        {
            Assert.True((await Post(example)).GetProperty("outOfDistribution").GetBoolean());
        }

        var garmentsFlagged = 0;
        for (var idx = 100; idx < 200; idx++)
        {
            garmentsFlagged += (await Post(Bytes((await Stored(idx)).Png, "image/png"))).GetProperty("outOfDistribution").GetBoolean() ? 1 : 0;
        }

        Assert.True(garmentsFlagged <= 5, $"{garmentsFlagged}/100 Testing images flagged");
    }

    public static TheoryData<string, byte[], string, HttpStatusCode> BadInputs()
    {
        var png = GrayscalePng.Encode(new byte[784]);
        return new()
        {
            { "zero bytes", [], "image/png", HttpStatusCode.BadRequest },
            { "not an image", "hello, world"u8.ToArray(), "image/png", HttpStatusCode.BadRequest },
            { "truncated png", png[..(png.Length / 2)], "image/png", HttpStatusCode.BadRequest },
            { "50000x50000 header", HugePngHeader(), "image/png", HttpStatusCode.BadRequest },
            { "over the limit", new byte[2_100_000], "image/png", HttpStatusCode.RequestEntityTooLarge },
            { "wrong vector length", Encoding.UTF8.GetBytes("{\"vector\":[0.5,0.5]}"), "application/json", HttpStatusCode.BadRequest },
            { "NaN in vector", Encoding.UTF8.GetBytes("{\"vector\":[" + string.Join(',', Enumerable.Repeat("0.1", 783)) + ",\"NaN\"]}"), "application/json", HttpStatusCode.BadRequest },
            { "pixel out of range", Encoding.UTF8.GetBytes("{\"pixels\":[" + string.Join(',', Enumerable.Repeat("0", 783)) + ",256]}"), "application/json", HttpStatusCode.BadRequest },
            { "malformed json", Encoding.UTF8.GetBytes("{\"pixels\":[1,2"), "application/json", HttpStatusCode.BadRequest },
            {
                "pixels and vector both", Encoding.UTF8.GetBytes("{\"pixels\":[" + string.Join(',', Enumerable.Repeat("0", 784)) + "],\"vector\":[" + string.Join(',', Enumerable.Repeat("1", 784)) + "]}"),
                "application/json", HttpStatusCode.BadRequest
            },
            { "unknown content type", "x"u8.ToArray(), "text/plain", HttpStatusCode.UnsupportedMediaType },
        };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_gets_a_problem_and_writes_nothing(string what, byte[] body, string type, HttpStatusCode status)
    {
        var before = await fixture.PredictionCount();

        var response = await Http.PostAsync("/api/predict", Bytes(body, type));

        await ExploreApiTests.AssertProblem(response, status);
        var after = await fixture.PredictionCount();
        Assert.True(before == after, $"{what}: {after - before} prediction rows were written");
    }

    [Theory]
    [InlineData("/api/images/Validation/1/predict", HttpStatusCode.BadRequest)]
    [InlineData("/api/images/Testing/-3/predict", HttpStatusCode.BadRequest)]
    [InlineData("/api/images/Testing/10000/predict", HttpStatusCode.NotFound)]
    [InlineData("/api/predict?invert=maybe", HttpStatusCode.BadRequest)]
    public async Task Unknown_images_and_bad_options_write_nothing(string url, HttpStatusCode status)
    {
        var before = await fixture.PredictionCount();

        var response = await Http.PostAsync(url, Bytes(GrayscalePng.Encode(new byte[784]), "image/png"));

        await ExploreApiTests.AssertProblem(response, status);
        Assert.Equal(before, await fixture.PredictionCount());
    }

    [Fact]
    public async Task One_hundred_concurrent_requests_all_succeed_and_write_exactly_100_rows()
    {
        var (png, _) = await Stored(11);
        var before = await fixture.PredictionCount();

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Http.PostAsync("/api/predict", Bytes(png, "image/png"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(before + 100, await fixture.PredictionCount());
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictionId").GetInt64()));
        Assert.Equal(100, ids.Distinct().Count());
    }

    /// <summary>A product-photo-like JPEG: 10x upscaled, dark garment on a light background.</summary>
    private static byte[] ProductPhoto(byte[] pixels)
    {
        using var small = new SKBitmap(new SKImageInfo(28, 28, SKColorType.Gray8, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(pixels.Select(p => (byte)(255 - p)).ToArray(), 0, small.GetPixels(), 784);
        using var large = small.Resize(new SKImageInfo(280, 280, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var image = SKImage.FromBitmap(large);
        return image.Encode(SKEncodedImageFormat.Jpeg, 92).ToArray();
    }

    /// <summary>A PNG signature and a valid IHDR claiming 50000x50000, and nothing else.</summary>
    private static byte[] HugePngHeader()
    {
        var ihdr = new byte[17];
        "IHDR"u8.CopyTo(ihdr);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), 50_000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(8), 50_000);
        ihdr[12] = 8; // bit depth; colour type 0 (gray), compression, filter, interlace 0
        var crc = System.IO.Hashing.Crc32.HashToUInt32(ihdr);
        var png = new List<byte> { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };
        png.AddRange(ihdr);
        png.AddRange([(byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc]);
        return [.. png];
    }
}
