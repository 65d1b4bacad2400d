using TradeChain.Testing;
using TradeChain.Crypto;

namespace TradeChain.Cli.Tests;

[Trait("Category", "Cli")]
public sealed class KeygenAndHashCommandTests
{
    [Theory]
    [InlineData("sm", "sm3:66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")]
    [InlineData("intl", "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void hash_prints_the_standard_digest_of_abc(string suite, string expected)
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("abc.txt"), "abc");

        var result = CliRunner.Run("hash", "--suite", suite, directory.File("abc.txt"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"{expected}  {directory.File("abc.txt")}", result.Output.TrimEnd());
    }

    [Fact]
    public void hash_of_a_missing_file_is_an_input_error_naming_the_file()
    {
        var result = CliRunner.Run("hash", "--suite", "sm", "/no/such/manifest.edi");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/no/such/manifest.edi", result.Error);
    }

    [Fact]
    public void an_unknown_suite_is_a_usage_error()
    {
        var result = CliRunner.Run("hash", "--suite", "rsa", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("rsa", result.Error);
    }

    [Theory]
    [InlineData("sm", SignatureAlgorithm.Sm2WithSm3)]
    [InlineData("intl", SignatureAlgorithm.EcdsaP256WithSha256)]
    public void keygen_writes_a_key_pair_that_signs_and_verifies(string suiteName, SignatureAlgorithm algorithm)
    {
        using var directory = new TempDirectory();

        var result = CliRunner.Run("keygen", "--suite", suiteName, "--out", directory.Path, "--name", "customs");

        Assert.Equal(0, result.ExitCode);
        var suite = CryptoSuites.Get(AlgorithmNames.ParseSuite(suiteName));
        using var key = suite.ImportSigningKey(File.ReadAllText(directory.File("customs.key.pem")));
        var publicKey = suite.ImportPublicKey(File.ReadAllText(directory.File("customs.pub.pem")));
        Assert.Equal(algorithm, key.Algorithm);
        Assert.Equal(publicKey, key.PublicKey);
        var signature = key.Sign("manifest"u8);
        Assert.True(suite.Verify(publicKey, "manifest"u8, signature));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(directory.File("customs.key.pem")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(directory.File("customs.key.pem")));
        }
    }

    [Fact]
    public void keygen_encrypts_the_private_key_with_a_passphrase_from_a_file()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("passphrase"), "tianjin-port-2026\n");

        var result = CliRunner.Run("keygen", "--suite", "sm", "--out", directory.Path, "--name", "port", "--passphrase-file", directory.File("passphrase"));

        Assert.Equal(0, result.ExitCode);
        var pem = File.ReadAllText(directory.File("port.key.pem"));
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", pem);
        using var key = CryptoSuites.Sm.ImportSigningKey(pem, "tianjin-port-2026");
        Assert.Equal(CryptoSuites.Sm.ImportPublicKey(File.ReadAllText(directory.File("port.pub.pem"))), key.PublicKey);
        Assert.ThrowsAny<Exception>(() => CryptoSuites.Sm.ImportSigningKey(pem, "wrong passphrase"));
    }

    [Fact]
    public void keygen_refuses_to_overwrite_a_member_key_without_force()
    {
        using var directory = new TempDirectory();
        Assert.Equal(0, CliRunner.Run("keygen", "--suite", "intl", "--out", directory.Path).ExitCode);
        var original = File.ReadAllText(directory.File("member.key.pem"));

        var again = CliRunner.Run("keygen", "--suite", "intl", "--out", directory.Path);

        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--force", again.Error);
        Assert.Equal(original, File.ReadAllText(directory.File("member.key.pem")));
        Assert.Equal(0, CliRunner.Run("keygen", "--suite", "intl", "--out", directory.Path, "--force").ExitCode);
        Assert.NotEqual(original, File.ReadAllText(directory.File("member.key.pem")));
    }

    [Fact]
    public void keygen_with_an_unset_passphrase_variable_writes_nothing()
    {
        using var directory = new TempDirectory();

        var result = CliRunner.Run("keygen", "--suite", "sm", "--out", directory.Path, "--passphrase-env", "TRADECHAIN_TEST_UNSET_VARIABLE");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("TRADECHAIN_TEST_UNSET_VARIABLE", result.Error);
        Assert.Empty(Directory.GetFiles(directory.Path));
    }

    [Theory]
    [InlineData("keygen")]
    [InlineData("hash")]
    [InlineData("verify-event")]
    public void every_command_has_help(string command)
    {
        var result = CliRunner.Run(command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Output);
        Assert.Contains($" {command} ", result.Output);
    }

    [Fact]
    public void the_built_program_is_named_tradechain_and_runs_as_a_process()
    {
        var result = CliRunner.RunProcess("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("tradechain [command] [options]", result.Output);
    }
}
