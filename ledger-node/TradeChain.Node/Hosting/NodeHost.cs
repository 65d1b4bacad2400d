using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeChain.Consensus;
using TradeChain.Contract;
using TradeChain.Crypto;
using TradeChain.Ledger;
using TradeChain.Node.Api;
using TradeChain.Node.Configuration;
using TradeChain.Node.Consensus;
using TradeChain.Node.Genesis;
using TradeChain.Node.Peers;
using TradeChain.Node.Transport;
using TradeChain.Storage;

namespace TradeChain.Node.Hosting;

/// <summary>The node cannot start; the message says why in plain language (a config error, a genesis mismatch, a key that is not the member's).</summary>
public sealed class NodeStartupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Builds and runs one ledger node: checks the configuration, the genesis hash and the keys;
/// opens the ledger (storing the genesis block on first start); then hosts Kestrel with the peer
/// endpoint (HTTP/2, mutual TLS bound to member keys) and the client endpoint (HTTP/2), the
/// consensus driver and the services. All wiring is here; the CLI's <c>node run</c> only calls it.
/// </summary>
public static class NodeHost
{
    /// <summary>Runs until <paramref name="stopping"/> is cancelled or the process is told to stop (SIGTERM, Ctrl+C).</summary>
    public static async Task RunAsync(NodeOptions options, CancellationToken stopping = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var app = await BuildAsync(options).ConfigureAwait(false);
        try
        {
            await app.RunAsync(stopping).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    public static async Task<WebApplication> BuildAsync(NodeOptions options)
    {
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new NodeStartupException("the node config has problems:\n  - " + string.Join("\n  - ", errors));
        }
        var genesisPath = options.Resolve(options.Node.GenesisFile);
        NetworkConfiguration genesis;
        try
        {
            genesis = GenesisFile.ReadFile(genesisPath);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            throw new NodeStartupException($"cannot use genesis file {genesisPath}: {e.Message}", e);
        }
        var genesisHash = genesis.Hash();
        if (!genesisHash.Equals(Digest.Parse(options.Node.ExpectedGenesisHash)))
        {
            throw new NodeStartupException($"genesis file {genesisPath} hashes to {genesisHash}, but this node's config expects {options.Node.ExpectedGenesisHash}: refusing to join a network it did not agree to (check the file, or re-run 'tradechain node init --genesis FILE')");
        }
        var suite = CryptoSuites.Get(genesis.Suite);
        var memberKey = LoadMemberKey(options, suite);
        var member = genesis.Member(options.Node.MemberId);
        if (member is not null && !member.PublicKey.Equals(memberKey.PublicKey))
        {
            throw new NodeStartupException($"the key in {options.Resolve(options.Node.MemberKeyFile)} is not member '{options.Node.MemberId}''s key in the genesis");
        }
        X509Certificate2? certificate = null;
        if (!options.Transport.PlaintextForLocalDevelopment)
        {
            certificate = LoadCertificate(options, memberKey);
        }

        var dataDirectory = options.Resolve(options.Node.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = dataDirectory, Args = [] });
        builder.AddServiceDefaults(options.Telemetry);
        using var startupLoggers = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true));
        var startupLog = startupLoggers.CreateLogger("TradeChain.Node");
        if (options.Transport.PlaintextForLocalDevelopment)
        {
            startupLog.LogWarning("transport.plaintextForLocalDevelopment is on: peers talk without TLS and are identified by the member id they claim. Use only on one machine.");
        }
        if (member is null)
        {
            startupLog.LogWarning("member '{Member}' is not in the genesis; the node follows the chain and joins once governance adds it", options.Node.MemberId);
        }

        var store = await OpenLedgerAsync(dataDirectory, genesis).ConfigureAwait(false);
        var ledger = new LedgerState(store, genesis);
        if (ledger.Membership.KeyOf(options.Node.MemberId) is { } currentKey && !currentKey.Equals(memberKey.PublicKey))
        {
            startupLog.LogWarning("member '{Member}''s key on the chain is no longer the one in {KeyFile}: governance rotated it; this node cannot sign until it uses the new key", options.Node.MemberId, options.Node.MemberKeyFile);
        }

        ConfigureKestrel(builder, options, certificate, ledger);
        var services = builder.Services;
        services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = PeerNetwork.MaxMessageBytes;
            o.MaxSendMessageSize = PeerNetwork.MaxMessageBytes;
        });
        services.AddSingleton(options);
        services.AddSingleton(ledger);
        services.AddSingleton(sp => new Mempool.Mempool(options.Mempool, Path.Combine(dataDirectory, "mempool.wal"), store, ledger.Suite, sp.GetRequiredService<ILogger<Mempool.Mempool>>()));
        services.AddSingleton(sp =>
        {
            var mempool = sp.GetRequiredService<Mempool.Mempool>();
            return new NodeMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), () => (mempool.Count, mempool.Bytes));
        });
        services.AddSingleton(sp => new PeerNetwork(options.Node.MemberId, options, certificate, () => ledger.Membership, sp.GetRequiredService<ILogger<PeerNetwork>>())
        {
            Metrics = sp.GetRequiredService<NodeMetrics>(),
        });
        services.AddSingleton<IValidatorKeyring>(new Keyring(new SigningKeySigner(memberKey)));
        services.AddSingleton<IConsensusStateStore>(new FileConsensusStateStore(Path.Combine(dataDirectory, "consensus.state"), genesis.ChainId));
        services.AddSingleton<ConsensusDriver>();
        services.AddSingleton<Mempool.TransactionGossip>();
        services.AddHostedService(sp => sp.GetRequiredService<Mempool.TransactionGossip>());
        services.AddHostedService(sp => sp.GetRequiredService<ConsensusDriver>());
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        var app = builder.Build();
        var peerPort = IPEndPoint.Parse(options.Listen.Peer).Port;
        var clientPort = IPEndPoint.Parse(options.Listen.Client).Port;
        app.MapGrpcService<PeerService>().RequireHost($"*:{peerPort}");
        app.MapGrpcService<LedgerService>().RequireHost($"*:{clientPort}");
        app.MapGrpcService<AdminService>().RequireHost($"*:{clientPort}");
        app.MapHealthChecks("/healthz").RequireHost($"*:{clientPort}");
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            // The container disposes what it built (peers, mempool); the ledger and key were built here.
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            memberKey.Dispose();
        });
        app.Logger.LogInformation("node {Member} on chain {Chain} (genesis {Genesis}), ledger at height {Height}; peers on {Peer} ({Tls}), clients on {Client}",
            options.Node.MemberId, genesis.ChainId, genesisHash, ledger.Tip.Height, options.Listen.Peer, certificate is null ? "plaintext" : "mutual TLS", options.Listen.Client);
        return app;
    }

    private static ISigningKey LoadMemberKey(NodeOptions options, ICryptoSuite suite)
    {
        var path = options.Resolve(options.Node.MemberKeyFile);
        string? passphrase = null;
        if (options.Node.MemberKeyPassphraseEnv.Length > 0)
        {
            passphrase = Environment.GetEnvironmentVariable(options.Node.MemberKeyPassphraseEnv)
                ?? throw new NodeStartupException($"node.memberKeyPassphraseEnv names {options.Node.MemberKeyPassphraseEnv}, which is not set");
        }
        try
        {
            return suite.ImportSigningKey(File.ReadAllText(path), passphrase);
        }
        catch (Exception e) when (e is IOException or FormatException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException or ArgumentException)
        {
            throw new NodeStartupException($"cannot read the member key {path} as a {AlgorithmNames.Of(suite.Id)} key: {e.Message}", e);
        }
    }

    private static X509Certificate2 LoadCertificate(NodeOptions options, ISigningKey memberKey)
    {
        var certificatePath = options.Resolve(options.Node.TransportCertificateFile);
        X509Certificate2 certificate;
        try
        {
            certificate = TransportIdentity.Load(certificatePath, options.Resolve(options.Node.TransportKeyFile));
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            throw new NodeStartupException($"cannot load the transport certificate {certificatePath}: {e.Message}", e);
        }
        var bound = TransportIdentity.VerifyBinding(certificate, id => id == options.Node.MemberId ? memberKey.PublicKey : null, out var problem);
        if (bound != options.Node.MemberId)
        {
            throw new NodeStartupException($"the transport certificate {certificatePath} is not bound to member '{options.Node.MemberId}''s key: {problem} (re-create it with 'tradechain node init --rotate-transport-key')");
        }
        return certificate;
    }

    /// <summary>Opens the ledger; stores the genesis block on first start, else checks the stored one is this genesis.</summary>
    private static async Task<LedgerStore> OpenLedgerAsync(string dataDirectory, NetworkConfiguration genesis)
    {
        var store = LedgerStore.Open(new LedgerStoreOptions { DataDirectory = Path.Combine(dataDirectory, "ledger"), Logger = NullLogger.Instance });
        var genesisBlock = genesis.GenesisBlock(BlockExecutor.EmptyStateRoot(CryptoSuites.Get(genesis.Suite)));
        if (store.Tip is null)
        {
            await store.AppendAsync(genesisBlock).ConfigureAwait(false);
        }
        else if (store.ReadBlock(0) is not { } stored || !stored.Id.Equals(genesisBlock.Id))
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new NodeStartupException($"the ledger in {dataDirectory} was made from another genesis (its block 0 is not this genesis block {genesisBlock.Id})");
        }
        return store;
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, NodeOptions options, X509Certificate2? certificate, LedgerState ledger)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = PeerNetwork.MaxMessageBytes;
            kestrel.Listen(IPEndPoint.Parse(options.Listen.Peer), listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (certificate is not null)
                {
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = certificate;
                        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                        // Self-signed by design: the chain is not what is trusted, the member binding is.
                        https.ClientCertificateValidation = (peer, _, _) => TransportIdentity.VerifyBinding(peer, id => ledger.Membership.KeyOf(id), out _) is not null;
                    });
                }
            });
            kestrel.Listen(IPEndPoint.Parse(options.Listen.Client), listen => listen.Protocols = HttpProtocols.Http2);
        });
    }
}
