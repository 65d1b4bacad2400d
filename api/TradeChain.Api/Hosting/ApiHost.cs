using System.Security.Cryptography;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TradeChain.Analytics.Projection;
using TradeChain.Analytics.Store;
using TradeChain.Api.Access;
using TradeChain.Api.Audit;
using TradeChain.Api.Auth;
using TradeChain.Api.Endpoints;
using TradeChain.Api.Feeds;
using TradeChain.Api.Ledger;
using TradeChain.Api.Paging;
using TradeChain.Api.Partners;
using TradeChain.Api.Problems;
using TradeChain.Api.Queries;
using TradeChain.Api.State;
using TradeChain.Api.Usage;
using TradeChain.Api.Webhooks;

namespace TradeChain.Api.Hosting;

/// <summary>
/// What the host serves from, built by the caller: the analytics store, the ledger, the feed
/// push path (null: this API does not accept feeds), the key that opens sealed details, and the
/// committed blocks webhooks follow (null: subscriptions are kept but nothing is delivered), and
/// the member key and node path that anchor the audit head (null: the head is not anchored).
/// </summary>
public sealed record ApiComponents(IAnalyticsStore Analytics, ILedgerGateway Ledger, FeedPushService? Feeds, ISensitiveOpener SensitiveOpener, ICommittedBlockSource? Blocks = null, AuditAnchoring? AuditAnchoring = null);

/// <summary>Builds the API's web application: the one place where middleware order and services are decided.</summary>
public static class ApiHost
{
    public const string ServiceName = "TradeChain.Api";

    public static WebApplication Build(string[] args, ApiComponents components, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.WebHost.UseKestrelHttpsConfiguration();
        configure?.Invoke(builder);
        builder.AddServiceDefaults(ServiceName);
        var options = builder.Configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions();
        if (options.Validate() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException("API configuration: " + string.Join("; ", problems));
        }
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });
        var services = builder.Services;
        var time = TimeProvider.System;
        services.AddSingleton(time);
        services.AddSingleton(options);
        services.AddSingleton(components.Analytics);
        services.AddSingleton(components.Ledger);
        services.AddSingleton(components.SensitiveOpener);
        if (components.Feeds is not null)
        {
            services.AddSingleton(components.Feeds);
        }
        services.AddSingleton(PrincipalStore.Open(Path.Combine(options.DataDirectory, "principals.json"), time));
        var auditLog = AuditLog.Open(Path.Combine(options.DataDirectory, "audit.log"), new AuditRotation(options.AuditSegmentMaxBytes, options.AuditRetentionMonths));
        services.AddSingleton(auditLog);
        var anchorJournal = new AuditAnchorJournal(auditLog.Path + ".anchor");
        services.AddSingleton(anchorJournal);
        if (components.AuditAnchoring is { } anchoring)
        {
            services.AddSingleton(new AuditAnchorer(auditLog, anchorJournal, anchoring, components.Ledger, options.InstanceId, time));
            services.AddHostedService(s => new AuditAnchorService(s.GetRequiredService<AuditAnchorer>(), TimeSpan.FromMinutes(options.AuditAnchorIntervalMinutes), time, s.GetRequiredService<ILogger<AuditAnchorService>>()));
        }
        services.AddSingleton(new BearerTokens(TokenKeys(options), time));
        services.AddSingleton(new CursorCodec(RandomNumberGenerator.GetBytes(32)));
        services.AddSingleton<ShipmentQueries>();
        var state = StateDatabase.Open(options.DataDirectory);
        services.AddSingleton(state);
        services.AddSingleton(options.Webhooks);
        services.AddSingleton(options.DeadLetters);
        services.AddSingleton(WebhookStore.Open(state, options.Webhooks));
        services.AddSingleton(SubmissionLog.Open(state, options.MaxSubmissionsPerPartner));
        services.AddSingleton<DeadLetterReader>();
        if (components.Blocks is { } blocks && options.Webhooks.Enabled)
        {
            services.AddSingleton(blocks);
            services.AddHostedService<WebhookDispatcher>();
        }
        services.AddSingleton<AggregateQueries>();
        services.AddSingleton<ExplorerQueries>();
        services.AddSingleton<OperationsQueries>();
        services.AddSingleton(sp => new VehicleQueries(components.Analytics, time, components.Feeds));
        services.AddSingleton(sp => NodeBoard.Create(options, components.Ledger, time, sp.GetRequiredService<ILogger<NodeBoard>>()));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddAuthentication(TradeChainAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TradeChainAuthenticationHandler>(TradeChainAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => ClientPartition(context, options));
            o.OnRejected = (rejected, cancellationToken) => new ValueTask(ProblemResponses.WriteAsync(
                rejected.HttpContext, 429, ProblemTypes.RateLimited,
                $"over {options.RateLimitPerSecond} requests per second (burst {options.RateLimitBurst}) for this client; retry after the Retry-After interval",
                rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1)));
        });
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "TradeChain API";
            document.Info.Version = "v1";
            document.Info.Description = "Shipments, proofs, KPIs, cargo in port, SLA breaches, turnaround, master-bill splits, vehicles, feed push, the ledger explorer, node status and board, and the audit log. Authenticate with 'Authorization: Bearer <token or API key>' or 'X-Api-Key'. Errors are RFC 9457 problem documents with types under " + ProblemTypes.Namespace;
            return Task.CompletedTask;
        }));
        services.AddHealthChecks()
            .AddAsyncCheck("analytics", async ct => await components.Analytics.GetCheckpointAsync(ct).ConfigureAwait(false) is null
                ? HealthCheckResult.Degraded("the analytics store has projected no block yet")
                : HealthCheckResult.Healthy(), [ServiceDefaults.ReadyTag])
            .AddAsyncCheck("ledger", async ct =>
            {
                try
                {
                    var status = await components.Ledger.GetStatusAsync(ct).ConfigureAwait(false);
                    return HealthCheckResult.Healthy($"height {status.Height}");
                }
                catch (ApiProblemException e)
                {
                    return HealthCheckResult.Unhealthy(e.Message);
                }
            }, [ServiceDefaults.ReadyTag]);

        var app = builder.Build();
        // Outermost, so it records the final status, including problems written by the handlers below.
        app.UseMiddleware<AuditMiddleware>();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ProblemResponses.HandleExceptionAsync, StatusCodeSelector = _ => 500 });
        app.UseStatusCodePages(ProblemResponses.WriteForStatusAsync);
        app.UseAuthentication();
        // After authentication: a client is its principal; before it, its IP address.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        ReferencePage.Map(app);
        var v1 = app.MapGroup("/api/v1").RequireAuthorization();
        AuthEndpoints.Map(v1);
        ShipmentEndpoints.Map(v1);
        AggregateEndpoints.Map(v1);
        FeedEndpoints.Map(v1, options);
        OperatorEndpoints.Map(v1);
        AuditEndpoints.Map(v1);
        WebhookEndpoints.Map(v1);
        UsageEndpoints.Map(v1);
        PartnerEndpoints.Map(v1);
        Dashboard.DashboardSite.Map(app, v1);
        ExplorerEndpoints.Map(v1);
        OperationsEndpoints.Map(v1);
        app.Lifetime.ApplicationStopped.Register(() => app.Services.GetRequiredService<AuditLog>().Dispose());
        app.Lifetime.ApplicationStopped.Register(() => app.Services.GetRequiredService<StateDatabase>().Dispose());
        return app;
    }

    private static RateLimitPartition<string> ClientPartition(HttpContext context, ApiOptions options)
    {
        if (context.Request.Path.StartsWithSegments("/health"))
        {
            return RateLimitPartition.GetNoLimiter("health");
        }
        var key = TradeChainAuthenticationHandler.PrincipalOf(context) is { } principal
            ? "principal:" + principal.Id
            : "ip:" + context.Connection.RemoteIpAddress;
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.RateLimitBurst,
            TokensPerPeriod = options.RateLimitPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static IReadOnlyList<TokenSigningKey> TokenKeys(ApiOptions options) => options.TokenKeys.Count == 0
        ? [new TokenSigningKey("process", RandomNumberGenerator.GetBytes(32))]
        : options.TokenKeys.Select(k => k.Split(':', 2)).Select(p => new TokenSigningKey(p[0], Convert.FromBase64String(p[1]))).ToArray();
}

/// <summary>Appends one audit record per request under /api: who, role, what (method, path, query), when, result (status).</summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditLog log, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api/v1"))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var at = time.GetUtcNow();
        // Routing has matched by now; the exception handler clears the endpoint when it writes a problem, so it is read here.
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var principal = TradeChainAuthenticationHandler.PrincipalOf(context);
            log.Append(new AuditEntry(
                principal?.Id ?? "anonymous",
                principal is null ? "" : Roles.Name(principal.Role),
                $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}",
                at,
                context.Response.StatusCode,
                UsageReports.FunctionName(context.Request.Method, route ?? (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText)));
        }
    }
}
