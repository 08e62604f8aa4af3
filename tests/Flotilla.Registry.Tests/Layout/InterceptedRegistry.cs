using Flotilla.Registry.Embedded;
using Flotilla.Registry.Transactions;

namespace Flotilla.Registry.Tests.Layout;

/// <summary>
/// A real embedded store in a temporary directory, with a hook that runs before each transaction so a
/// test can make "another client" write at exactly the moment that matters (between a read and a
/// guarded write), and a record of the transactions sent. Everything else is the store itself.
/// </summary>
internal sealed class InterceptedRegistry : HookedRegistry
{
    private readonly TemporaryStore _temporary;

    public InterceptedRegistry()
        : this(new TemporaryStore())
    {
    }

    private InterceptedRegistry(TemporaryStore temporary)
        : base(temporary.Store, temporary)
    {
        _temporary = temporary;
        BeforeTransaction = async request =>
        {
            if (BeforeAttempt is { } hook)
            {
                await hook(Sent.Count);
            }

            Sent.Add(request);
        };
    }

    /// <summary>Runs before every transaction; the argument is how many transactions came before.</summary>
    public Func<int, Task>? BeforeAttempt { get; set; }

    public List<TransactionRequest> Sent { get; } = [];

    /// <summary>A write by "another client", bypassing the hook.</summary>
    public Task<long> WriteAsync(string key, ReadOnlyMemory<byte> value) => _temporary.Store.PutAsync(key, value);

    private sealed class TemporaryStore : IAsyncDisposable
    {
        private readonly TemporaryDirectory _directory = new();

        public TemporaryStore()
        {
            Store = EmbeddedRegistry.Open(_directory.Database);
        }

        public EmbeddedRegistry Store { get; }

        public async ValueTask DisposeAsync()
        {
            await Store.DisposeAsync();
            _directory.Dispose();
        }
    }
}
