using FsCheck;
using FsCheck.Fluent;

namespace TradeChain.Primitives.Tests;

/// <summary>
/// Runs an FsCheck property inside an xunit test (the repository uses FsCheck without its xunit
/// integration). A failure throws with the shrunk counterexample and the seed to replay it.
/// </summary>
internal static class PropertyCheck
{
    public static void ForAll<T>(Gen<T> generator, int maxTest, Action<T> property) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(generator), property));
}
