using System.Net.Http.Json;
using System.Text;
using FashionFunctions.Http;
using FashionFunctions.Tests.Infrastructure;

namespace FashionFunctions.Tests.Contract;

/// <summary>
/// Real requests to every operation, good and bad, each answer judged against the served OpenAPI document: its status
/// must be documented, its media type documented for that status, its JSON body valid under the documented schema.
/// </summary>
[Collection(PredictionDatabase.Name)]
public sealed class ContractTests(PredictionFixture fixture)
{
    [Fact]
    public async Task Every_answer_to_every_operation_is_the_documented_one()
    {
        var contract = await ApiContract.LoadAsync(fixture.App.Http);
        var cases = await CasesAsync(await StartBatchAsync());
        var failures = new List<string>();
        // Redirects are answers to judge, not to follow.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.App.Http.BaseAddress };

        foreach (var test in cases)
        {
            using var request = test.ToRequest();
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            if ((int)response.StatusCode != test.Expected)
            {
                failures.Add($"{test}: answered {(int)response.StatusCode} {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))}");
            }

            failures.AddRange(contract.Violations(request.Method, test.Url, response, body).Select(v => $"{test}: {v}"));
        }

        await SettleQueuedWorkAsync(cases);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task The_cases_reach_every_operation_with_a_success_and_every_parameterised_one_with_a_400()
    {
        var contract = await ApiContract.LoadAsync(fixture.App.Http);
        var cases = await CasesAsync(batchId: new string('1', 32));

        var reached = cases.Where(c => c.Expected < 400).Select(c => contract.OperationFor(new HttpMethod(c.Method), c.Url)?["operationId"]?.GetValue<string>()).ToHashSet();
        var refused = cases.Where(c => c.Expected == 400).Select(c => contract.OperationFor(new HttpMethod(c.Method), c.Url)?["operationId"]?.GetValue<string>()).ToHashSet();

        var unreached = contract.Operations.Select(o => o.OperationId).Except(reached).ToList();
        var neverRefused = HttpFunctionCatalog.All.Where(f => f.RequestRecords.Count > 0).Select(f => f.Name).Except(refused).ToList();

        Assert.True(unreached.Count == 0, $"No successful case for: {string.Join(", ", unreached)}");
        Assert.True(neverRefused.Count == 0, $"No 400 case for: {string.Join(", ", neverRefused)}");
    }

    private async Task<string> StartBatchAsync()
    {
        using var batch = await fixture.App.Http.PostAsync("/api/predictions/batch", new StringContent("{\"use\":\"Testing\"}", Encoding.UTF8, "application/json"));
        return (await batch.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("batchId").GetString()!;
    }

    /// <summary>
    /// The cases queue a retrain and batches; the other tests of the collection share this database and count its rows,
    /// so the trigger engine finishes that work here, not during them.
    /// </summary>
    private async Task SettleQueuedWorkAsync(List<ContractCase> cases)
    {
        async Task<bool> Finished(string url, params string[] states) =>
            (await fixture.App.Http.GetFromJsonAsync<System.Text.Json.JsonElement>(url)).GetProperty("status").GetString() is { } status && states.Contains(status);

        var batches = await fixture.Database.QueryAsync<string>("SELECT batch_id FROM score_batches");
        foreach (var batch in batches)
        {
            await fixture.App.Functions.UntilAsync("ScoreFromQueue", () => Finished($"/api/predictions/batch/{batch}", "succeeded", "failed"), TimeSpan.FromMinutes(2));
        }

        foreach (var retrain in cases.Where(c => c is { Method: "GET", Expected: 200 } && c.Url.StartsWith("/api/models/retrain/", StringComparison.Ordinal)))
        {
            await fixture.App.Functions.UntilAsync("RetrainFromQueue", () => Finished(retrain.Url, "succeeded", "failed", "skipped", "cancelled"), TimeSpan.FromMinutes(5));
        }
    }

    private async Task<List<ContractCase>> CasesAsync(string batchId)
    {
        var version = fixture.Model.Version;
        var png = await fixture.App.Http.GetByteArrayAsync("/api/images/Testing/0/png");
        // Queued with no message behind it, so no consumer can start it before the cancel cases run.
        var cancellable = $"contract-cancel-{Guid.NewGuid():N}";
        await fixture.Database.ScalarAsync<long>(
            "INSERT INTO retrain_requests (request_id, source, request, status) VALUES (@cancellable, 'http', '{}', 'queued'); SELECT ROW_COUNT();", new { cancellable });
        var failed = await fixture.Database.ScalarAsync<long>(
            "INSERT INTO models (trainer, hyperparameters, status, error) VALUES ('sdca', '{}', 'failed', 'contract test'); SELECT LAST_INSERT_ID();");
        // A verified model that is not active: the same blob registered again as a candidate, for the shadow routes.
        var candidate = await fixture.Database.ScalarAsync<long>("""
            INSERT INTO models (trainer, hyperparameters, status, blob_name, sha256, size_bytes, feature_contract)
            SELECT trainer, hyperparameters, 'candidate', blob_name, sha256, size_bytes, feature_contract FROM models WHERE version = @version;
            SELECT LAST_INSERT_ID();
            """, new { version });
        var etag = (await fixture.App.Http.GetAsync("/api/ui/app.js")).Headers.ETag!.Tag;
        using var uploaded = await fixture.App.Http.PostAsync("/api/predict", new ByteArrayContent(png) { Headers = { ContentType = new("image/png") } });
        var upload = (await uploaded.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("predictionId").GetInt64();
        var pixels = "{\"pixels\":[" + string.Join(',', Enumerable.Repeat(0, 784)) + "]}";
        const string boundary = "contract-boundary";
        var multipart = Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"boot.png\"\r\nContent-Type: image/png\r\n\r\n")
            .Concat(png).Concat(Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n")).ToArray();

        return
        [
            new("GET", "/api/uses", 200),
            new("GET", "/api/categories", 200),
            new("GET", "/api/images", 200),
            new("GET", "/api/images?use=Testing&label=Ankle%20boot&limit=3&offset=3", 200),
            new("GET", "/api/images?limit=0", 400),
            new("GET", "/api/images?use=Validation&label=Hat&limit=ten", 400),
            new("GET", "/api/images/Testing/0", 200),
            new("GET", "/api/images/Testing/10000", 404),
            new("GET", "/api/images/Validation/x", 400),
            new("GET", "/api/images/2/0/png", 200),
            new("GET", "/api/images/Training/60000/png", 404),
            new("GET", "/api/images/Testing/-1/png", 400),
            new("GET", "/api/images/testing/0/vector", 200),
            new("GET", "/api/images/Testing/10000/vector", 404),
            new("GET", "/api/images/Testing/1.5/vector", 400),
            new("GET", "/api/stats/distribution", 200),
            new("GET", "/api/stats/distribution?format=png", 200),
            new("GET", "/api/stats/distribution?format=svg", 200),
            new("GET", "/api/stats/distribution?format=gif", 400),
            new("GET", "/api/health", 200),
            new("GET", "/api/openapi.json", 200),
            new("GET", "/api/ui", 200),
            new("GET", "/api/ui/app.js", 200),
            new("GET", "/api/ui/app.js", 304) { Headers = new Dictionary<string, string> { ["If-None-Match"] = etag } },
            new("GET", "/api/ui/", 302),
            new("GET", "/api/ui/nothing.js", 404),
            new("POST", "/api/models/retrain", 202, "{\"trainer\":\"sdca\",\"options\":{\"trainLimit\":1000},\"requestId\":\"contract-1\"}", "application/json"),
            new("POST", "/api/models/retrain", 202, "{\"trainer\":\"sdca\",\"options\":{\"trainLimit\":1000},\"requestId\":\"contract-1\"}", "application/json"),
            new("POST", "/api/models/retrain", 409, "{\"trainer\":\"sdca\",\"options\":{\"trainLimit\":2000},\"requestId\":\"contract-1\"}", "application/json"),
            new("POST", "/api/models/retrain", 400, "{\"callbackUrl\":\"http://169.254.169.254/latest/meta-data\"}", "application/json"),
            new("POST", "/api/models/retrain", 400, "{\"trainer\":\"perceptron\"}", "application/json"),
            new("POST", "/api/models/retrain", 413, "{\"requestId\":\"" + new string('x', 20_000) + "\"}", "application/json"),
            new("GET", "/api/models/retrain/contract-1", 200),
            new("GET", "/api/models/retrain/never-asked", 404),
            new("GET", "/api/models/retrain/not!valid", 400),
            new("POST", $"/api/models/retrain/{cancellable}/cancel", 200),
            new("POST", $"/api/models/retrain/{cancellable}/cancel", 409),
            new("POST", "/api/models/retrain/never-asked/cancel", 404),
            new("POST", "/api/models/retrain/not!valid/cancel", 400),
            new("GET", "/api/models", 200),
            new("GET", "/api/models?limit=1", 200),
            new("GET", "/api/models?limit=0", 400),
            new("GET", "/api/models/active", 200),
            new("GET", $"/api/models/{version}", 200),
            new("GET", "/api/models/999999", 404),
            new("GET", "/api/models/abc", 400),
            new("GET", $"/api/models/{version}/confusion", 200),
            new("GET", $"/api/models/{version}/confusion?format=png", 200),
            new("GET", $"/api/models/{version}/confusion?format=gif", 400),
            new("GET", "/api/models/999999/confusion", 404),
            new("POST", $"/api/models/{version}/activate", 200),
            new("POST", $"/api/models/{failed}/activate", 409),
            new("POST", "/api/models/999999/activate", 404),
            new("POST", "/api/models/0/activate", 400),
            new("POST", $"/api/models/{candidate}/shadow", 200),
            new("GET", $"/api/models/{candidate}/shadow", 200),
            new("DELETE", $"/api/models/{candidate}/shadow", 200),
            new("POST", $"/api/models/{failed}/shadow", 409),
            new("DELETE", $"/api/models/{failed}/shadow", 409),
            new("POST", "/api/models/999999/shadow", 404),
            new("GET", "/api/models/999999/shadow", 404),
            new("DELETE", "/api/models/999999/shadow", 404),
            new("POST", "/api/models/0/shadow", 400),
            new("GET", "/api/models/x/shadow", 400),
            new("DELETE", "/api/models/0/shadow", 400),
            new("POST", "/api/predict", 200, Bytes: png, ContentType: "image/png"),
            new("POST", "/api/predict?invert=false", 200, pixels, "application/json"),
            new("POST", "/api/predict", 200, Bytes: multipart, ContentType: $"multipart/form-data; boundary={boundary}"),
            new("POST", "/api/predict", 400, Bytes: [1, 2, 3], ContentType: "image/png"),
            new("POST", "/api/predict?invert=maybe", 400, Bytes: png, ContentType: "image/png"),
            new("POST", "/api/predict", 400, "{\"pixels\":[1,2]}", "application/json"),
            new("POST", "/api/predict", 413, Bytes: new byte[2_100_000], ContentType: "image/png"),
            new("POST", "/api/predict", 415, "hello", "text/plain"),
            new("POST", $"/api/predict?model={candidate}", 200, Bytes: png, ContentType: "image/png"),
            new("POST", "/api/predict?model=99999999", 404, Bytes: png, ContentType: "image/png"),
            new("POST", $"/api/predict?model={failed}", 409, pixels, "application/json"),
            new("POST", "/api/predict?model=latest", 400, Bytes: png, ContentType: "image/png"),
            new("POST", "/api/images/Testing/0/predict", 200),
            new("POST", $"/api/images/Testing/0/predict?model={candidate}", 200),
            new("POST", "/api/images/Testing/0/predict?model=99999999", 404),
            new("POST", $"/api/images/Testing/0/predict?model={failed}", 409),
            new("POST", "/api/images/Testing/0/predict?model=0", 400),
            new("POST", "/api/images/Testing/10000/predict", 404),
            new("POST", "/api/images/Nowhere/0/predict", 400),
            new("POST", "/api/predictions/batch", 202, "{\"use\":\"Testing\"}", "application/json"),
            new("POST", "/api/predictions/batch", 400, "{\"use\":\"Nowhere\"}", "application/json"),
            new("POST", "/api/predictions/batch", 404, "{\"use\":\"Testing\",\"modelVersion\":999999}", "application/json"),
            new("GET", $"/api/predictions/batch/{batchId}", 200),
            new("GET", $"/api/predictions/batch/{new string('0', 32)}", 404),
            new("GET", "/api/predictions/batch/NOT-AN-ID", 400),
            new("GET", "/api/predictions", 200),
            new("GET", "/api/predictions?label=Sneaker&correct=true&limit=5", 200),
            new("GET", "/api/predictions?label=Hat", 400),
            new("POST", $"/api/predictions/{upload}/label", 200, "{\"label\":9}", "application/json"),
            new("POST", $"/api/predictions/{upload}/label", 200, "{\"label\":9}", "application/json"),
            new("POST", $"/api/predictions/{upload}/label", 409, "{\"label\":3}", "application/json"),
            new("POST", "/api/predictions/99999999/label", 404, "{\"label\":3}", "application/json"),
            new("POST", $"/api/predictions/{upload}/label", 400, "{\"label\":\"Hat\"}", "application/json"),
            new("GET", "/api/predictions/summary", 200),
            new("GET", $"/api/predictions/summary?model={version}", 200),
            new("GET", "/api/predictions/summary?model=abc", 400),
            new("GET", "/api/monitoring/drift", 200),
            new("GET", $"/api/monitoring/drift?window=day&last=7&model={version}", 200),
            new("GET", "/api/monitoring/drift?format=png&width=600&height=300", 200),
            new("GET", "/api/monitoring/drift?model=999999", 404),
            new("GET", "/api/monitoring/drift?window=week", 400),
        ];
    }
}
