namespace TradeChain.Api.Endpoints;

/// <summary>An interactive reference page served from the assembly: rendered in the browser from /openapi/v1.json, with no CDN or external asset.</summary>
public static class ReferencePage
{
    public const string Path = "/reference";

    private static readonly Lazy<string> Html = new(() =>
    {
        using var stream = typeof(ReferencePage).Assembly.GetManifestResourceStream("TradeChain.Api.Reference.reference.html")
            ?? throw new InvalidOperationException("the reference page resource is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static void Map(WebApplication app) =>
        app.MapGet(Path, () => TypedResults.Content(Html.Value, "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
}
