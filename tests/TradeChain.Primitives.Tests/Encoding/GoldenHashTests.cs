using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using TradeChain.Crypto;
using TradeChain.Primitives.Encoding;
using Xunit;

namespace TradeChain.Primitives.Tests.Encoding;

/// <summary>
/// The cross-process, cross-machine check: the SM3 and SHA-256 hashes of each golden case's
/// canonical bytes are frozen in golden-hashes.txt (one line per case: name sm3-hex sha256-hex).
/// A mismatch means the bytes of an on-ledger format changed: every existing hash and signature
/// would stop verifying. Set TRADECHAIN_UPDATE_GOLDEN=1 to rewrite the file, only when adding a
/// case or when a format break is intended (and then bump the structure's version).
/// </summary>
[Trait("Category", "Encoding")]
public sealed class GoldenHashTests
{
    private const string FileName = "golden-hashes.txt";
    private const string UpdateVariable = "TRADECHAIN_UPDATE_GOLDEN";

    [Fact]
    public void Canonical_bytes_hash_to_the_frozen_golden_values()
    {
        var current = Fixtures.GoldenCases.Select(c => Line(c.Name, CanonicalPropertyTests.Encode(c.Write))).ToList();

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            var text = string.Join("\n", current) + "\n";
            foreach (var directory in new[] { Path.Combine(SourceDirectory(), "Encoding"), Path.Combine(AppContext.BaseDirectory, "Encoding") })
            {
                Directory.CreateDirectory(directory);
                File.WriteAllText(Path.Combine(directory, FileName), text, new UTF8Encoding(false));
            }
            return;
        }

        var path = Path.Combine(AppContext.BaseDirectory, "Encoding", FileName);
        Assert.True(File.Exists(path), $"{path} is missing; generate it once with {UpdateVariable}=1 and check it in");
        var frozen = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();

        var frozenByName = frozen.Select(l => l.Split(' ')).ToDictionary(p => p[0], p => string.Join(' ', p), StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var line in current)
        {
            var name = line.Split(' ')[0];
            if (!frozenByName.TryGetValue(name, out var expected))
            {
                problems.Add($"{name}: not in {FileName} (new case? regenerate with {UpdateVariable}=1)");
            }
            else if (!string.Equals(expected, line, StringComparison.Ordinal))
            {
                problems.Add($"{name}: encoding changed\n    frozen  {expected}\n    now     {line}");
            }
        }
        problems.AddRange(frozenByName.Keys.Except(current.Select(l => l.Split(' ')[0]), StringComparer.Ordinal).Select(n => $"{n}: in {FileName} but no longer a case"));
        Assert.True(problems.Count == 0, "golden encodings drifted:\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    public void Golden_case_names_are_unique_and_file_safe()
    {
        var names = Fixtures.GoldenCases.Select(c => c.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.Matches("^[a-z0-9-]+$", n));
        Assert.InRange(names.Count, 12, 20);
    }

    /// <summary>The suites really are SM3 and SHA-256 (GB/T 32905 and FIPS 180-4 "abc" vectors), so the file means what it says.</summary>
    [Fact]
    public void The_hash_functions_behind_the_golden_file_are_sm3_and_sha256()
    {
        var abc = "abc"u8;
        Assert.Equal("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", CryptoSuites.Sm.Hash(abc).ToHex());
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", CryptoSuites.Intl.Hash(abc).ToHex());
    }

    [Fact]
    public void The_golden_sample_structure_decodes_back()
    {
        var bytes = CanonicalPropertyTests.Encode(Fixtures.GoldenCases.Single(c => c.Name == "sample-structure").Write);
        Assert.True(Sample.Decode(bytes).SemanticallyEquals(Fixtures.RichSample));
    }

    private static string Line(string name, byte[] bytes)
    {
        var sm3 = CryptoSuites.Sm.Hash(bytes);
        var sha256 = CryptoSuites.Intl.Hash(bytes);
        Assert.Equal(TradeChain.Crypto.HashAlgorithm.Sm3, sm3.Algorithm);
        Assert.Equal(SHA256.HashData(bytes), sha256.Bytes.ToArray()); // the suite's SHA-256 is the platform's
        return $"{name} {sm3.ToHex()} {sha256.ToHex()}";
    }

    private static string SourceDirectory() =>
        typeof(GoldenHashTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "TestProjectDirectory").Value
        ?? throw new InvalidOperationException("TestProjectDirectory metadata missing");
}
