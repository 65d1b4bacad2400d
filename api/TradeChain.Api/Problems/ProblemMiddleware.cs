using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace TradeChain.Api.Problems;

/// <summary>
/// Makes every error an RFC 9457 problem document: thrown <see cref="ApiProblemException"/>s,
/// Kestrel's and the binder's <see cref="BadHttpRequestException"/>s (400 with the binder's own
/// message, 413 for a body over the limit), unexpected exceptions (500, detail without internals,
/// the trace id to quote), and bodiless status codes set by routing, auth or the rate limiter.
/// </summary>
public static class ProblemResponses
{
    public const string ContentType = "application/problem+json";

    public static Task WriteAsync(HttpContext context, int status, string type, string detail, TimeSpan? retryAfter = null)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        var problem = new ProblemDetails
        {
            Type = type,
            Title = ProblemTypes.TitleOf(type),
            Status = status,
            Detail = detail,
            Instance = context.Request.Path,
        };
        problem.Extensions["traceId"] = context.TraceIdentifier;
        return context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, ContentType, context.RequestAborted);
    }

    /// <summary>The exception handler: maps what was thrown to a status, type and precise detail.</summary>
    public static async Task HandleExceptionAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, type, detail, retryAfter) = error switch
        {
            ApiProblemException p => (p.Status, p.Type, p.Message, p.RetryAfter),
            BadHttpRequestException { StatusCode: 413 } => (413, ProblemTypes.PayloadTooLarge, $"the request body exceeds this endpoint's limit of {MaxBodyBytes(context)} bytes", (TimeSpan?)null),
            BadHttpRequestException b => (b.StatusCode, ProblemTypes.ForStatus(b.StatusCode), b.Message, null),
            _ => (500, ProblemTypes.Internal, $"an unexpected error occurred; quote trace id {context.TraceIdentifier} when reporting it", null),
        };
        await WriteAsync(context, status, type, detail, retryAfter).ConfigureAwait(false);
    }

    /// <summary>For responses that end with an error status and no body (unknown route, 405, auth challenge without a handler body).</summary>
    public static Task WriteForStatusAsync(StatusCodeContext statusContext)
    {
        var context = statusContext.HttpContext;
        var status = context.Response.StatusCode;
        var detail = status switch
        {
            404 => $"no resource at {context.Request.Method} {context.Request.Path}; the API lives under /api/v1 (see /openapi/v1.json)",
            405 => $"{context.Request.Method} is not allowed on {context.Request.Path}",
            415 => $"content type '{context.Request.ContentType}' is not accepted by {context.Request.Path}",
            _ => $"the request to {context.Request.Path} ended with status {status}",
        };
        return WriteAsync(context, status, ProblemTypes.ForStatus(status), detail);
    }

    private static string MaxBodyBytes(HttpContext context) =>
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize?.ToString(CultureInfo.InvariantCulture) ?? "configured";
}
