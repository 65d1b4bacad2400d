using TradeChain.Storage;
using TradeChain.Testing;

namespace TradeChain.Cli.Tests;

[Trait("Category", "Cli")]
public sealed class VerifyChainCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly TestChain _chain = new();

    public void Dispose()
    {
        _chain.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task a_sound_ledger_verifies_with_its_tip()
    {
        var data = await WriteLedgerAsync(blocks: 4);

        var result = CliRunner.Run("verify-chain", "--data", data);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("VALID: chain of 5 block(s), tip height 4", result.Output);
    }

    [Fact]
    public async Task a_flipped_byte_in_a_block_is_reported_with_its_file_and_block()
    {
        var data = await WriteLedgerAsync(blocks: 3);
        var segment = Directory.EnumerateFiles(data, "*.tcl", SearchOption.AllDirectories).Order().First();
        var bytes = await File.ReadAllBytesAsync(segment, TestContext.Current.CancellationToken);
        bytes[bytes.Length / 2] ^= 0x40;
        await File.WriteAllBytesAsync(segment, bytes, TestContext.Current.CancellationToken);

        var result = CliRunner.Run("verify-chain", "--data", data);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAULT:", result.Output);
        Assert.Contains(Path.GetFileName(segment), result.Output);
    }

    [Fact]
    public void a_directory_without_a_ledger_is_an_input_error()
    {
        var result = CliRunner.Run("verify-chain", "--data", _directory.Sub("empty"));

        Assert.Equal(2, result.ExitCode);
    }

    private async Task<string> WriteLedgerAsync(int blocks)
    {
        var data = _directory.Sub("ledger");
        await using var store = LedgerStore.Open(new LedgerStoreOptions { DataDirectory = data });
        await store.AppendAsync(_chain.Genesis(), TestContext.Current.CancellationToken);
        for (var b = 0; b < blocks; b++)
        {
            var events = Enumerable.Range(0, 3).Select(e => TestChain.Event($"gate-{b}-{e}", minute: (b * 10) + e)).ToArray();
            await store.AppendAsync(_chain.Next(_chain.Batch(events)), TestContext.Current.CancellationToken);
        }
        return data;
    }
}
