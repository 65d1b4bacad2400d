using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using TradeChain.Api.Auth;
using TradeChain.Api.Problems;

namespace TradeChain.Api.Dashboard;

/// <summary>The signed-in principal as the dashboard needs it to choose views; nothing secret.</summary>
public sealed record SessionView(string Principal, string Role, string Organisation, string? EnterpriseUscc, string? Port, string? PartnerId);

/// <summary>
/// Serves the dashboard (plain ES modules, CSS and one HTML page) from resources embedded in this
/// assembly under /dashboard/, so it works wherever the API host runs (inside the demo too) with
/// nothing on disk and no network. Every file is read once; each answer carries a strong ETag,
/// <c>Cache-Control: no-cache</c> (modules import each other by plain URLs, so a browser must
/// revalidate rather than keep an old module beside a new one; a 304 costs one round trip) and a
/// Content-Security-Policy that allows only this origin's scripts, styles and connections.
/// </summary>
public static class DashboardSite
{
    public const string PathPrefix = "/dashboard";

    /// <summary>Own origin only; no inline script or style elements; no plugins, frames, base or foreign form targets.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>The embedded tree is a few hundred KB; a file past this is a packaging mistake, not an asset.</summary>
    public const long MaxFileBytes = 1024 * 1024;

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json; charset=utf-8",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<FrozenDictionary<string, DashboardFile>> Files = new(Load);

    /// <summary>The dashboard's files by their path under /dashboard/ ("index.html", "js/app.js").</summary>
    public static IReadOnlyDictionary<string, DashboardFile> All => Files.Value;

    /// <summary>Maps /dashboard/ (anonymous: the page itself holds no data) and the session endpoint the page starts from.</summary>
    public static void Map(WebApplication app, RouteGroupBuilder v1)
    {
        // The catch-all also matches "/dashboard": the page's relative module URLs need the trailing slash, so that one redirects.
        app.MapGet(PathPrefix + "/{**path}", (string? path, HttpContext context) =>
                string.IsNullOrEmpty(path) && context.Request.Path.Value?.EndsWith('/') != true
                    ? TypedResults.Redirect(PathPrefix + "/")
                    : Serve(context, string.IsNullOrEmpty(path) ? "index.html" : path))
            .AllowAnonymous().ExcludeFromDescription();
        v1.MapGet("/session", (HttpContext context) =>
        {
            var principal = TradeChainAuthenticationHandler.PrincipalOf(context) ?? throw new InvalidOperationException("the session endpoint requires authorization");
            return TypedResults.Ok(new SessionView(principal.Id, Roles.Name(principal.Role), principal.Organisation, principal.EnterpriseUscc, principal.Port, principal.PartnerId));
        }).WithSummary("Who the credential belongs to: principal, role, organisation and bindings (the dashboard picks its views from the role)");
    }

    private static IResult Serve(HttpContext context, string path)
    {
        var headers = context.Response.Headers;
        headers["Content-Security-Policy"] = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (!Files.Value.TryGetValue(path, out var file))
        {
            throw ApiProblemException.NotFound($"the dashboard has no file '{path}'");
        }
        headers.CacheControl = "no-cache";
        headers.ETag = file.ETag;
        if (context.Request.Headers.IfNoneMatch.ToString() == file.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(file.Content, file.ContentType);
    }

    private static FrozenDictionary<string, DashboardFile> Load()
    {
        var provider = new ManifestEmbeddedFileProvider(typeof(DashboardSite).Assembly, "Dashboard/wwwroot");
        var files = new Dictionary<string, DashboardFile>(StringComparer.Ordinal);
        Walk(provider, "", files);
        if (!files.ContainsKey("index.html"))
        {
            throw new InvalidOperationException("the dashboard's index.html is missing from the assembly's embedded files");
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static void Walk(IFileProvider provider, string directory, Dictionary<string, DashboardFile> files)
    {
        foreach (var entry in provider.GetDirectoryContents("/" + directory))
        {
            var path = directory.Length == 0 ? entry.Name : directory + "/" + entry.Name;
            if (entry.IsDirectory)
            {
                Walk(provider, path, files);
                continue;
            }
            if (entry.Length > MaxFileBytes)
            {
                throw new InvalidOperationException($"dashboard file '{path}' is {entry.Length} bytes, over the {MaxFileBytes}-byte limit");
            }
            if (!ContentTypes.TryGetValue(Path.GetExtension(path), out var contentType))
            {
                throw new InvalidOperationException($"dashboard file '{path}' has no known content type; add its extension to {nameof(DashboardSite)}");
            }
            using var stream = entry.CreateReadStream();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            files[path] = new DashboardFile(content, contentType, new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"").ToString());
        }
    }
}

/// <summary>One embedded file: its bytes, content type and strong entity tag (a hash of the bytes).</summary>
public sealed record DashboardFile(byte[] Content, string ContentType, string ETag);
