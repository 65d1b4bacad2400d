using Microsoft.AspNetCore.Mvc;
using TradeChain.Api.Auth;
using TradeChain.Api.Feeds;
using TradeChain.Api.Hosting;
using TradeChain.Api.Problems;

namespace TradeChain.Api.Endpoints;

/// <summary>Partners push feed messages over HTTPS and get the ledger's receipt.</summary>
public static class FeedEndpoints
{
    public static void Map(RouteGroupBuilder v1, ApiOptions options)
    {
        v1.MapPost("/feeds/{format}", async (string format, string? feed, HttpContext context, IServiceProvider services) =>
        {
            var push = services.GetService<FeedPushService>() ?? throw new ApiProblemException(404, ProblemTypes.NotFound, "this API instance accepts no feeds (no member signing key is configured)");
            var parsedFeed = Parse.Feed(feed);
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            if (body.Length == 0)
            {
                throw ApiProblemException.Invalid("the request body is empty; it is the partner message itself");
            }
            var scope = TradeChainAuthenticationHandler.ScopeOf(context);
            var receipt = await push.PushAsync(scope, format, parsedFeed, body.ToArray(), context.RequestAborted);
            // The partner reads its receipts back later (GET /feeds/submissions); the push succeeded either way.
            services.GetRequiredService<Partners.SubmissionLog>().Record(scope.PrincipalId, receipt, services.GetRequiredService<TimeProvider>().GetUtcNow());
            return TypedResults.Ok(receipt);
        })
        .WithMetadata(new RequestSizeLimitAttribute(options.MaxFeedBodyBytes))
        .WithSummary("Pushes one partner message (tradechain-json, edifact, cargo-xml, dcsa-tnt-2.2, vehicle-registration) for a feed; returns accepted, duplicate and rejected items with reasons");
    }
}
