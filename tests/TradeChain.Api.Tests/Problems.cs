using System.Net;
using TradeChain.Api.Problems;

namespace TradeChain.Api.Tests;

public static class Problems
{
    public const string LedgerUnavailableType = ProblemTypes.LedgerUnavailable;

    /// <summary>Asserts an RFC 9457 problem document: status, media type, a type under the project namespace, a title and a detail.</summary>
    public static async Task<System.Text.Json.JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal(ProblemResponses.ContentType, response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        var problemType = problem.GetProperty("type").GetString()!;
        Assert.StartsWith(ProblemTypes.Namespace, problemType, StringComparison.Ordinal);
        if (type is not null)
        {
            Assert.Equal(type, problemType);
        }
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }
}
