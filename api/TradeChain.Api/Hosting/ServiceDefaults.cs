using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TradeChain.Api.Hosting;

/// <summary>
/// One way to host every TradeChain web process (after eShop's ServiceDefaults): structured
/// console logging, OpenTelemetry traces and metrics (exported over OTLP when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set), RFC 9457 problem details, and the liveness and readiness
/// endpoints. A process adds its own readiness checks with the "ready" tag.
/// </summary>
public static class ServiceDefaults
{
    public const string ReadyTag = "ready";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, string serviceName)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(t => t.AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/health")).AddSource(serviceName))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddMeter(serviceName));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>Liveness (the process answers) and readiness (every "ready" check passes), anonymous for orchestrators.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = c => c.Tags.Contains("live") }).AllowAnonymous().ExcludeFromDescription();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
