using FsCheck;
using FsCheck.Fluent;

namespace TradeChain.Testing;

/// <summary>
/// Runs an FsCheck property inside an xunit test (the repository uses FsCheck without its xunit
/// integration, which needs xunit 4). A failure throws with the counterexample and the seed to replay it.
/// </summary>
public static class PropertyCheck
{
    public static void ForAll<T>(Arbitrary<T> arbitrary, Func<T, bool> property, int maxTest = 200) =>
        Check.One(Configuration(maxTest), Prop.ForAll(arbitrary, property));

    public static void ForAll<T>(Arbitrary<T> arbitrary, Action<T> property, int maxTest = 200) =>
        Check.One(Configuration(maxTest), Prop.ForAll(arbitrary, property));

    public static void ForAll<T>(Gen<T> generator, int maxTest, Action<T> property) =>
        ForAll(Arb.From(generator), property, maxTest);

    private static Config Configuration(int maxTest) => Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithQuietOnSuccess(true);
}
