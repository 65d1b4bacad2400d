using System.CommandLine;

namespace TradeChain.Cli.Commands;

/// <summary>
/// <c>tradechain keygen</c>: a member's signing key pair as PEM files. The passphrase comes from
/// an environment variable or a file, never from the command line, where shell history and the
/// process list would keep it.
/// </summary>
internal static class KeygenCommand
{
    public static Command Create()
    {
        var suiteOption = CommonOptions.Suite("Key type: sm (SM2 on sm2p256v1) or intl (ECDSA on P-256).");
        var outOption = new Option<DirectoryInfo>("--out")
        {
            Description = "Directory to write NAME.key.pem (PKCS#8, mode 0600) and NAME.pub.pem (SPKI) into; created if missing.",
            Required = true,
        };
        var nameOption = new Option<string>("--name")
        {
            Description = "File name stem, usually the member id.",
            DefaultValueFactory = _ => "member",
        };
        var passphraseEnvOption = new Option<string?>("--passphrase-env")
        {
            Description = "Encrypt the private key with the passphrase held in this environment variable.",
        };
        var passphraseFileOption = new Option<FileInfo?>("--passphrase-file")
        {
            Description = "Encrypt the private key with the passphrase in this file (first line).",
        };
        var forceOption = new Option<bool>("--force") { Description = "Overwrite existing key files." };
        var command = new Command("keygen", "Generate a member signing key pair (PKCS#8 private key, SPKI public key, PEM).")
        {
            suiteOption, outOption, nameOption, passphraseEnvOption, passphraseFileOption, forceOption,
        };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var suite = CommonOptions.ParseSuite(parseResult.GetRequiredValue(suiteOption));
            var directory = parseResult.GetRequiredValue(outOption);
            var name = parseResult.GetRequiredValue(nameOption);
            if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('/'))
            {
                error.WriteLine($"keygen: --name '{name}' must be a plain file name");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            if (!TryReadPassphrase(parseResult.GetValue(passphraseEnvOption), parseResult.GetValue(passphraseFileOption), error, out var passphrase))
            {
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            var privatePath = Path.Combine(directory.FullName, $"{name}.key.pem");
            var publicPath = Path.Combine(directory.FullName, $"{name}.pub.pem");
            if (!parseResult.GetValue(forceOption) && (File.Exists(privatePath) || File.Exists(publicPath)))
            {
                error.WriteLine($"keygen: {privatePath} or {publicPath} exists; a member key is not overwritten without --force");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            directory.Create();
            using var key = suite.GenerateSigningKey();
            WritePrivate(privatePath, WithFinalNewline(key.ExportPkcs8Pem(passphrase)));
            File.WriteAllText(publicPath, WithFinalNewline(key.ExportPublicKeyPem()));
            output.WriteLine($"private key: {privatePath}{(passphrase is null ? " (not encrypted)" : " (encrypted)")}");
            output.WriteLine($"public key:  {publicPath}");
            output.WriteLine($"algorithm:   {Crypto.AlgorithmNames.Of(key.Algorithm)}");
            return TradeChainCli.ExitCodes.Ok;
        });
        return command;
    }

    private static bool TryReadPassphrase(string? environmentVariable, FileInfo? file, TextWriter error, out string? passphrase)
    {
        passphrase = null;
        if (environmentVariable is not null && file is not null)
        {
            error.WriteLine("keygen: give --passphrase-env or --passphrase-file, not both");
            return false;
        }
        if (environmentVariable is not null)
        {
            passphrase = Environment.GetEnvironmentVariable(environmentVariable);
            if (string.IsNullOrEmpty(passphrase))
            {
                error.WriteLine($"keygen: environment variable {environmentVariable} is not set or empty");
                return false;
            }
        }
        else if (file is not null)
        {
            if (!file.Exists)
            {
                error.WriteLine($"keygen: passphrase file {file.FullName} does not exist");
                return false;
            }
            passphrase = File.ReadLines(file.FullName).FirstOrDefault();
            if (string.IsNullOrEmpty(passphrase))
            {
                error.WriteLine($"keygen: passphrase file {file.FullName} is empty");
                return false;
            }
        }
        return true;
    }

    private static string WithFinalNewline(string pem) => pem.EndsWith('\n') ? pem : pem + "\n";

    /// <summary>Creates the private key file readable by its owner only, before any key byte is written.</summary>
    private static void WritePrivate(string path, string pem)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
    }
}
