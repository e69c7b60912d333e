namespace FashionFunctions.Explorer;

/// <summary>The explorer page's scripts, styles and icon; anything else under /api/ui is a 404 problem.</summary>
public sealed class GetUiFile
{
    [Function(nameof(GetUiFile))]
    [EndpointSummary("One of the explorer page's files")]
    [ProducesResponseType(StatusCodes.Status302Found)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    public Results<UiFile, RedirectHttpResult, StatusCodeHttpResult, NotFoundProblem> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ui/{*file}")] HttpRequest request, string? file) =>
        string.IsNullOrEmpty(file) ? UiAssets.ToPage(request) : UiAssets.Serve(request, file);
}
