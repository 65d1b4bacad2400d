using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TradeChain.Crypto;
using TradeChain.Ingest.Kafka;
using TradeChain.Ingest.Metrics;
using TradeChain.Ingest.Signing;
using TradeChain.Ingest.Submission;

namespace TradeChain.Ingest.Hosting;

/// <summary>
/// The one way to host an ingest worker: <c>services.AddTradeChainIngest(configuration.GetSection("Ingest"))</c>
/// plus an <see cref="IBatchSubmitter"/> (the ledger node's client) and the member's
/// <see cref="BatchSigner"/>. Options are validated at start-up with plain-language messages.
/// </summary>
public static class IngestHostingExtensions
{
    public static IServiceCollection AddTradeChainIngest(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<IngestOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngestOptions>, IngestOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new IngestMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddHostedService<IngestBackgroundService>();
        return services;
    }

    /// <summary>
    /// Registers the member's signer from a PKCS#8 PEM file; the passphrase comes from the named
    /// environment variable, never from configuration files.
    /// </summary>
    public static IServiceCollection AddMemberSigningKey(this IServiceCollection services, SuiteId suite, string pemPath, string? passphraseEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<IngestOptions>>().Value;
            var cryptoSuite = CryptoSuites.Get(suite);
            var passphrase = passphraseEnvironmentVariable is null ? null : Environment.GetEnvironmentVariable(passphraseEnvironmentVariable);
            var key = cryptoSuite.ImportSigningKey(File.ReadAllText(pemPath), passphrase);
            return new BatchSigner(cryptoSuite, key, options.MemberId);
        });
        return services;
    }
}

/// <summary>Reports every problem <see cref="IngestOptions.Validate"/> finds, at start-up.</summary>
internal sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>
/// Runs the <see cref="KafkaIngestWorker"/> for the host's lifetime. A worker failure ends
/// <c>ExecuteAsync</c> with the exception, which stops the host (the default
/// BackgroundServiceExceptionBehavior), so a supervisor restarts it and uncommitted messages replay.
/// </summary>
internal sealed class IngestBackgroundService(
    IOptions<IngestOptions> options,
    BatchSigner signer,
    IBatchSubmitter submitter,
    IngestMetrics metrics,
    ILogger<KafkaIngestWorker> logger,
    TimeProvider time) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new KafkaIngestWorker(options.Value, signer, submitter, metrics, logger, time).RunAsync(stoppingToken);
}
