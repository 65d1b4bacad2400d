using System.CommandLine;

namespace TradeChain.Cli.Commands;

/// <summary><c>tradechain hash</c>: the suite's digest of a file, streamed, as the ledger writes digests.</summary>
internal static class HashCommand
{
    private const int ReadBufferBytes = 64 * 1024;

    public static Command Create()
    {
        var suiteOption = CommonOptions.Suite("Hash with the sm suite (SM3) or the intl suite (SHA-256).");
        var fileArgument = new Argument<string>("FILE") { Description = "The file to hash; '-' reads standard input." };
        var command = new Command("hash", "Print the SM3 or SHA-256 digest of a file as 'algorithm:hex  FILE'.")
        {
            suiteOption,
            fileArgument,
        };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var suite = CommonOptions.ParseSuite(parseResult.GetRequiredValue(suiteOption));
            var path = parseResult.GetRequiredValue(fileArgument);
            Stream stream;
            try
            {
                stream = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"hash: cannot read '{path}': {e.Message}");
                return TradeChainCli.ExitCodes.UsageOrInput;
            }
            using (stream)
            {
                var hasher = suite.CreateHasher();
                var buffer = new byte[ReadBufferBytes];
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    hasher.Append(buffer.AsSpan(0, read));
                }
                output.WriteLine($"{hasher.Finish()}  {path}");
            }
            return TradeChainCli.ExitCodes.Ok;
        });
        return command;
    }
}
