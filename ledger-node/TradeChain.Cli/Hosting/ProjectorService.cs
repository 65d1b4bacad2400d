using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TradeChain.Analytics.Projection;

namespace TradeChain.Cli.Hosting;

/// <summary>
/// The projector as a hosted service: follows the node, and while the node cannot be reached
/// (starting, restarting, a network blip) waits and tries again instead of failing the process.
/// Any other failure stops the host; the command then exits 1 and the supervisor restarts it from
/// the store's checkpoint.
/// </summary>
public sealed class ProjectorService(BlockProjector projector, IHostApplicationLifetime lifetime, ILogger<ProjectorService> logger) : BackgroundService
{
    /// <summary>First wait after the node did not answer; doubles up to <see cref="MaxRetryDelayMs"/>.</summary>
    public const int InitialRetryDelayMs = 500;

    /// <summary>Long enough not to flood a restarting node's log, short enough to resume within a block interval or two of its return.</summary>
    public const int MaxRetryDelayMs = 15_000;

    public Exception? Failure { get; private set; }

    /// <summary>Whether a failure is the node being away (retry) rather than a defect (stop).</summary>
    public static bool IsNodeUnavailable(Exception e) => e switch
    {
        RpcException r => r.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded,
        HttpRequestException => true,
        _ => e.InnerException is { } inner && IsNodeUnavailable(inner),
    };

    /// <summary>The next wait: doubling, capped.</summary>
    public static int NextDelayMs(int currentMs) => Math.Min(MaxRetryDelayMs, Math.Max(InitialRetryDelayMs, currentMs * 2));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delayMs = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await projector.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: a call cut short surfaces as an OperationCanceledException or as gRPC's
                // RpcException(Cancelled), depending on where the cancellation caught it.
                return;
            }
            catch (Exception e) when (IsNodeUnavailable(e) && !stoppingToken.IsCancellationRequested)
            {
                delayMs = NextDelayMs(delayMs);
                logger.LogWarning("the node did not answer ({Message}); projecting again in {DelayMs} ms", e.Message, delayMs);
                await Task.Delay(delayMs, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                Failure = e;
                logger.LogError(e, "the projector failed; stopping so the supervisor restarts from the checkpoint");
                lifetime.StopApplication();
                return;
            }
        }
    }
}
