namespace FashionFunctions.Explorer;

/// <summary>
/// The explorer page. Anonymous because a browser cannot send a function key when it opens a page; the page asks for
/// the key and sends it on every API call itself.
/// </summary>
public sealed class GetUi
{
    [Function(nameof(GetUi))]
    [EndpointSummary("The explorer page")]
    [ProducesResponseType(StatusCodes.Status302Found)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    public Results<UiFile, RedirectHttpResult, StatusCodeHttpResult, NotFoundProblem> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ui")] HttpRequest request) =>
        // The page names its files relative to /api/ui, which "/api/ui/" would break.
        request.Path.Value?.EndsWith('/') == true ? UiAssets.ToPage(request) : UiAssets.Serve(request, UiAssets.IndexName);
}
