using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using TradeChain.Node.Configuration;

namespace TradeChain.Node.Hosting;

/// <summary>
/// What every TradeChain process gets the same way (one place, as eShop's ServiceDefaults):
/// console logging (text or JSON lines), OpenTelemetry metrics for the node's meter and Kestrel
/// (exported over OTLP when an endpoint is configured), and health checks.
/// </summary>
public static class ServiceDefaults
{
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, TelemetrySection telemetry)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(telemetry);
        builder.Logging.ClearProviders();
        if (telemetry.LogFormat == "json")
        {
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
        builder.Logging.SetMinimumLevel(Enum.Parse<LogLevel>(telemetry.LogLevel, ignoreCase: true));
        // Kestrel and gRPC are chatty at Information: one line per request.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(NodeMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel");
            if (telemetry.OtlpEndpoint.Length > 0)
            {
                metrics.AddOtlpExporter(o => o.Endpoint = new Uri(telemetry.OtlpEndpoint));
            }
        });
        builder.Services.AddHealthChecks();
        return builder;
    }
}
