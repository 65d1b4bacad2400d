using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using TradeChain.Ledger.Governance;
using TradeChain.Node.Client.Grpc;
using TradeChain.Node.Configuration;
using TradeChain.Node.Transport;

namespace TradeChain.Node.Peers;

/// <summary>What this node knows about one peer, for status and block sync.</summary>
public sealed record PeerSnapshot(string MemberId, string Address, bool Connected, ulong Height, ulong BytesIn, ulong BytesOut);

/// <summary>
/// Outbound links to every other member's node: one long-lived <c>Peer.Push</c> stream per peer,
/// fed from a queue bounded in messages and bytes that drops new messages when a peer is slow or
/// down (consensus re-sends what matters every rebroadcast interval, so dropping bounds memory
/// without losing liveness). Links reconnect with back-off. With TLS, a link accepts the peer's certificate only
/// if it is bound to that peer's member key in the current membership.
/// </summary>
public sealed class PeerNetwork : IAsyncDisposable
{
    /// <summary>Messages queued per peer: a few rounds of votes and proposals from every validator.</summary>
    public const int MaxQueuedMessages = 4096;

    /// <summary>
    /// Bytes queued per peer. Proposals and gossiped batches are megabytes each, so the count
    /// bound alone would allow gigabytes; beyond this a new message is dropped (consensus re-sends,
    /// a gossiped batch stays durable at the node that accepted it).
    /// </summary>
    public const long MaxQueuedBytes = 96L * 1024 * 1024;

    /// <summary>gRPC message limit between nodes: a proposal (block) is at most <see cref="Blocks.BlockRules.MaxValueBytes"/>.</summary>
    public const int MaxMessageBytes = Blocks.BlockRules.MaxValueBytes + 1024 * 1024;

    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    private readonly string _selfId;
    private readonly NodeOptions _options;
    private readonly X509Certificate2? _certificate;
    private readonly Func<ChainMembership> _membership;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, PeerLink> _links = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public PeerNetwork(string selfId, NodeOptions options, X509Certificate2? certificate, Func<ChainMembership> membership, ILogger<PeerNetwork> logger)
    {
        _selfId = selfId;
        _options = options;
        _certificate = certificate;
        _membership = membership;
        _logger = logger;
    }

    public NodeMetrics? Metrics { get; set; }

    /// <summary>Opens links to members not yet linked (the genesis members, then members added by governance).</summary>
    public void UpdatePeers(ChainMembership membership)
    {
        ArgumentNullException.ThrowIfNull(membership);
        foreach (var member in membership.Configuration.Members)
        {
            if (member.MemberId == _selfId || _links.ContainsKey(member.MemberId))
            {
                continue;
            }
            var address = _options.Peers.FirstOrDefault(p => p.MemberId == member.MemberId)?.Address ?? member.Address;
            var link = new PeerLink(this, member.MemberId, address);
            if (_links.TryAdd(member.MemberId, link))
            {
                link.Start(_stopping.Token);
            }
        }
    }

    public void Broadcast(PeerMessage message)
    {
        foreach (var link in _links.Values)
        {
            link.Enqueue(message);
        }
    }

    public void Send(string memberId, PeerMessage message)
    {
        if (_links.TryGetValue(memberId, out var link))
        {
            link.Enqueue(message);
        }
    }

    /// <summary>A peer told us its tip (every message it pushes carries it).</summary>
    public void NoteTip(string memberId, ulong height, int bytes)
    {
        if (_links.TryGetValue(memberId, out var link))
        {
            link.NoteReceived(height, bytes);
            Metrics?.PeerBytes(memberId, "in", bytes);
        }
    }

    public IReadOnlyList<PeerSnapshot> Snapshot() => _links.Values.Select(l => l.Snapshot()).OrderBy(s => s.MemberId, StringComparer.Ordinal).ToArray();

    /// <summary>A client for a peer's Peer service (tip and block sync), or null for an unknown peer.</summary>
    public Peer.PeerClient? ClientFor(string memberId) => _links.TryGetValue(memberId, out var link) ? link.Client : null;

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var link in _links.Values)
        {
            await link.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
    }

    private GrpcChannel CreateChannel(string memberId, string address)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(3),
        };
        if (!_options.Transport.PlaintextForLocalDevelopment)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [_certificate!],
                // Trust comes from the membership, not a CA: the peer's certificate must be bound to this peer's member key.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }
                    using var peerCertificate = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    var member = TransportIdentity.VerifyBinding(peerCertificate, id => _membership().KeyOf(id), out var problem);
                    if (member != memberId)
                    {
                        _logger.LogWarning("refused TLS peer at {Address}: expected member {Expected}, {Problem}", address, memberId, problem ?? $"certificate is bound to '{member}'");
                        return false;
                    }
                    return true;
                },
            };
        }
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = MaxMessageBytes,
            MaxSendMessageSize = MaxMessageBytes,
        });
    }

    private sealed class PeerLink : IAsyncDisposable
    {
        private readonly PeerNetwork _network;
        private readonly Channel<PeerMessage> _queue = Channel.CreateBounded<PeerMessage>(new BoundedChannelOptions(MaxQueuedMessages)
        {
            // Wait mode makes TryWrite refuse when full, so the byte count stays exact; the writer never waits.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        private readonly GrpcChannel _channel;
        private Task _loop = Task.CompletedTask;
        private long _bytesIn;
        private long _bytesOut;
        private long _queuedBytes;
        private long _height;
        private volatile bool _connected;

        public PeerLink(PeerNetwork network, string memberId, string address)
        {
            _network = network;
            MemberId = memberId;
            Address = address;
            _channel = network.CreateChannel(memberId, address);
            Client = new Peer.PeerClient(_channel);
        }

        public string MemberId { get; }

        public string Address { get; }

        public Peer.PeerClient Client { get; }

        public void Start(CancellationToken stopping) => _loop = Task.Run(() => RunAsync(stopping), CancellationToken.None);

        public void Enqueue(PeerMessage message)
        {
            var size = message.CalculateSize();
            if (Interlocked.Add(ref _queuedBytes, size) > MaxQueuedBytes || !_queue.Writer.TryWrite(message))
            {
                Interlocked.Add(ref _queuedBytes, -size);
            }
        }

        public void NoteReceived(ulong height, int bytes)
        {
            Interlocked.Add(ref _bytesIn, bytes);
            InterlockedMax(ref _height, (long)height);
        }

        public PeerSnapshot Snapshot() => new(MemberId, Address, _connected, (ulong)Interlocked.Read(ref _height), (ulong)Interlocked.Read(ref _bytesIn), (ulong)Interlocked.Read(ref _bytesOut));

        private async Task RunAsync(CancellationToken stopping)
        {
            var backoff = MinBackoff;
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    var headers = new Metadata { { PeerService.MemberHeader, _network._selfId } };
                    using var call = Client.Push(headers, cancellationToken: stopping);
                    _connected = true;
                    backoff = MinBackoff;
                    await foreach (var message in _queue.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
                    {
                        var size = message.CalculateSize();
                        Interlocked.Add(ref _queuedBytes, -size);
                        await call.RequestStream.WriteAsync(message, stopping).ConfigureAwait(false);
                        Interlocked.Add(ref _bytesOut, size);
                        _network.Metrics?.PeerBytes(MemberId, "out", size);
                    }
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is RpcException or IOException or HttpRequestException or InvalidOperationException)
                {
                    if (_connected)
                    {
                        _network._logger.LogInformation("link to peer {Peer} at {Address} lost: {Reason}", MemberId, Address, e.Message);
                    }
                }
                _connected = false;
                try
                {
                    await Task.Delay(backoff, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
            _connected = false;
        }

        public async ValueTask DisposeAsync()
        {
            _queue.Writer.TryComplete();
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            _channel.Dispose();
        }

        private static void InterlockedMax(ref long target, long value)
        {
            var current = Interlocked.Read(ref target);
            while (value > current)
            {
                var seen = Interlocked.CompareExchange(ref target, value, current);
                if (seen == current)
                {
                    return;
                }
                current = seen;
            }
        }
    }
}
