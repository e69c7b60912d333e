namespace FashionFunctions.OpenApi;

public sealed class GetOpenApi
{
    private static readonly Lazy<string> Document = new(() =>
    {
        using var stream = typeof(GetOpenApi).Assembly.GetManifestResourceStream("FashionFunctions.OpenApi.openapi.json")!;
        return new StreamReader(stream).ReadToEnd();
    });

    [Function(nameof(GetOpenApi))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        new ContentResult { Content = Document.Value, ContentType = "application/json", StatusCode = 200 };
}
