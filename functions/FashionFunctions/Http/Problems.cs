using Microsoft.AspNetCore.Mvc;

namespace FashionFunctions.Http;

/// <summary>RFC 7807 problem responses, so every client error has the same machine-readable shape.</summary>
public static class Problems
{
    public static IActionResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static IActionResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found", detail);

    public static IActionResult Unavailable(string detail) => Create(StatusCodes.Status503ServiceUnavailable, "Service unavailable", detail);

    public static IActionResult Create(int status, string title, string detail) =>
        new ObjectResult(new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"https://httpstatuses.io/{status}",
        })
        {
            StatusCode = status,
            ContentTypes = { "application/problem+json" },
        };
}
