using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace TradeChain.Ingest.Kafka;

/// <summary>
/// librdkafka's built-in mock cluster (bundled with Confluent.Kafka), driven through its C API:
/// real Kafka protocol on loopback, topics with a chosen partition count, brokers that can be
/// taken down and brought back, and no initial rebalance delay, so consumer groups form in
/// milliseconds instead of seconds. In memory: for tests and the demo, never production.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private const int ProducerType = 0;
    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private bool _disposed;

    static MockKafkaCluster()
    {
        // Load librdkafka the way Confluent.Kafka does, then bind the mock API to the same library.
        Library.Load();
        NativeLibrary.SetDllImportResolver(typeof(MockKafkaCluster).Assembly, Resolve);
    }

    public MockKafkaCluster(int brokers = 1)
    {
        var error = new StringBuilder(512);
        _handle = Native.rd_kafka_new(ProducerType, Native.rd_kafka_conf_new(), error, (UIntPtr)error.Capacity);
        if (_handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"rd_kafka_new failed: {error}");
        }
        _cluster = Native.rd_kafka_mock_cluster_new(_handle, brokers);
        if (_cluster == IntPtr.Zero)
        {
            Native.rd_kafka_destroy(_handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }
        BootstrapServers = Marshal.PtrToStringAnsi(Native.rd_kafka_mock_cluster_bootstraps(_cluster))!;
        Check(Native.rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, 0), "initial rebalance delay");
    }

    public string BootstrapServers { get; }

    public void CreateTopic(string topic, int partitions) =>
        Check(Native.rd_kafka_mock_topic_create(_cluster, topic, partitions, 1), $"create topic {topic}");

    public void SetBrokerDown(int brokerId) => Check(Native.rd_kafka_mock_broker_set_down(_cluster, brokerId), $"broker {brokerId} down");

    public void SetBrokerUp(int brokerId) => Check(Native.rd_kafka_mock_broker_set_up(_cluster, brokerId), $"broker {brokerId} up");

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Native.rd_kafka_mock_cluster_destroy(_cluster);
        Native.rd_kafka_destroy(_handle);
    }

    private static void Check(int errorCode, string what)
    {
        if (errorCode != 0)
        {
            throw new InvalidOperationException($"mock cluster: {what} failed with librdkafka error {errorCode}");
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Native.Library)
        {
            return IntPtr.Zero;
        }
        var directory = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier.StartsWith("linux-arm64", StringComparison.Ordinal) ? "linux-arm64" : "linux-x64", "native");
        // The plain build needs libsasl2; Confluent.Kafka falls back to the CentOS 8 build, and so do we.
        foreach (var file in new[] { "librdkafka.so", "centos8-librdkafka.so" })
        {
            if (NativeLibrary.TryLoad(Path.Combine(directory, file), out var handle))
            {
                return handle;
            }
        }
        return NativeLibrary.TryLoad(name, assembly, searchPath, out var fallback) ? fallback : IntPtr.Zero;
    }

    private static class Native
    {
        public const string Library = "librdkafka";

        [DllImport(Library)]
        public static extern IntPtr rd_kafka_conf_new();

        [DllImport(Library)]
        public static extern IntPtr rd_kafka_new(int type, IntPtr conf, StringBuilder errstr, UIntPtr errstrSize);

        [DllImport(Library)]
        public static extern void rd_kafka_destroy(IntPtr rk);

        [DllImport(Library)]
        public static extern IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

        [DllImport(Library)]
        public static extern void rd_kafka_mock_cluster_destroy(IntPtr cluster);

        [DllImport(Library)]
        public static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

        [DllImport(Library)]
        public static extern int rd_kafka_mock_topic_create(IntPtr cluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replicationFactor);

        [DllImport(Library)]
        public static extern int rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr cluster, int delayMs);

        [DllImport(Library)]
        public static extern int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

        [DllImport(Library)]
        public static extern int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);
    }
}
