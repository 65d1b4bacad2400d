using System.Runtime.CompilerServices;

// The tests reach the software CRC path and the writer's sync counter.
[assembly: InternalsVisibleTo("TradeChain.Storage.Tests")]
