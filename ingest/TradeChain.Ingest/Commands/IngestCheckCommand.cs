using System.CommandLine;
using TradeChain.Ingest.Checking;
using TradeChain.Ingest.Formats.Parsing;
using TradeChain.Ingest.Formats.Profiles;
using TradeChain.Ingest.Formats.Vehicles;
using TradeChain.Ingest.Pipeline;
using TradeChain.Trade.Events;

namespace TradeChain.Ingest.Commands;

/// <summary>
/// <c>tradechain ingest check --format F [--partner P] [--feed FEED] [--config FILE] FILE</c>: runs a
/// partner file through the worker's pipeline (parse, link, validate) and prints the canonical
/// events as JSON lines, or every coded error with its position. Exit 0 when the file passes, 1 when
/// anything is refused, 2 when the file or options cannot be used.
/// </summary>
internal static class IngestCheckCommand
{
    /// <summary>Profile used without a config: no defaults, no code mappings, the standard tables only.</summary>
    private const string NeutralMember = "partner-check";

    public static Command Create()
    {
        var formatOption = new Option<string>("--format")
        {
            Description = "The file's format: " + string.Join(", ", FeedFormats.Names) + ".",
            Required = true,
        }.AcceptOnlyFromAmong([.. FeedFormats.Names]);
        var partnerOption = new Option<string?>("--partner") { Description = "The partner id (tc-partner); with --config its profile's defaults and code mappings apply." };
        var feedOption = new Option<string?>("--feed") { Description = "The feed the file would be sent to: manifests, customs-status, port-gate, tax, movements (default by format: edifact and vehicle-registration port-gate, cargo-xml and dcsa-tnt-2.2 movements, tradechain-json customs-status)." };
        var configOption = new Option<FileInfo?>("--config") { Description = "An ingest config (as for 'ingest run') whose Ingest:Partners profiles to use." };
        var fileArgument = new Argument<FileInfo>("FILE") { Description = "The partner file to check." };
        var command = new Command("check", "Check a partner file before sending it: canonical events as JSON lines, or every coded error with its position.")
        {
            formatOption, partnerOption, feedOption, configOption, fileArgument,
        };
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var format = FeedFormats.TryParse(parseResult.GetRequiredValue(formatOption))!.Value;
            var partnerId = parseResult.GetValue(partnerOption);
            var feedName = parseResult.GetValue(feedOption);
            Feed feed;
            if (feedName is null)
            {
                feed = DefaultFeed(format);
            }
            else if (ParseFeed(feedName) is { } parsed)
            {
                feed = parsed;
            }
            else
            {
                error.WriteLine($"ingest check: feed '{feedName}' is not one of manifests, customs-status, port-gate, tax, movements");
                return IngestExitCodes.UsageOrInput;
            }
            var file = parseResult.GetRequiredValue(fileArgument);
            if (!file.Exists)
            {
                error.WriteLine($"ingest check: file '{file}' does not exist");
                return IngestExitCodes.UsageOrInput;
            }
            IReadOnlyList<PartnerProfile> profiles;
            if (parseResult.GetValue(configOption) is { } configFile)
            {
                if (IngestCommand.LoadConfig("check", configFile, error) is not { } config)
                {
                    return IngestExitCodes.UsageOrInput;
                }
                profiles = config.Ingest.BuildProfiles();
                if (partnerId is null && profiles.Count == 1)
                {
                    partnerId = profiles[0].PartnerId;
                }
                if (partnerId is null || profiles.All(p => p.PartnerId != partnerId))
                {
                    error.WriteLine($"ingest check: --partner must name one of the config's partners: {string.Join(", ", profiles.Select(p => p.PartnerId))}");
                    return IngestExitCodes.UsageOrInput;
                }
            }
            else
            {
                partnerId ??= "partner";
                profiles = [new PartnerProfile { PartnerId = partnerId, MemberId = NeutralMember, SourceSystem = partnerId }];
            }
            var pipeline = new FeedPipeline(profiles, new VehicleRegistry());
            var report = FeedFileChecker.Check(pipeline, partnerId, format, feed, File.ReadAllBytes(file.FullName), DateTimeOffset.UtcNow);
            foreach (var line in report.Lines())
            {
                output.WriteLine(line);
            }
            error.WriteLine(report.Passed
                ? $"ingest check: {file.Name} passes: {report.Events.Count} events{(report.RegistrationsApplied > 0 ? $", {report.RegistrationsApplied} vehicle registrations" : "")}"
                : $"ingest check: {file.Name} does not pass: {report.Rejections.Count} refused, {report.Events.Count} events would be accepted");
            return report.Passed ? IngestExitCodes.Ok : IngestExitCodes.CheckFailed;
        });
        return command;
    }

    internal static Feed DefaultFeed(FeedFormat format) => format switch
    {
        FeedFormat.CargoXml or FeedFormat.DcsaTrackAndTrace => Feed.TransportMovement,
        FeedFormat.CanonicalJson => Feed.CustomsStatus,
        _ => Feed.PortGate,
    };

    internal static Feed? ParseFeed(string name) => name.ToLowerInvariant() switch
    {
        "manifests" or "manifest" => Feed.Manifest,
        "customs-status" or "customsstatus" => Feed.CustomsStatus,
        "port-gate" or "portgate" => Feed.PortGate,
        "tax" => Feed.Tax,
        "movements" or "transport-movement" or "transportmovement" => Feed.TransportMovement,
        _ => null,
    };
}
