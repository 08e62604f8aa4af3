using System.Threading.Channels;

namespace Flotilla.Engine.Leading;

/// <summary>
/// Wakes the leader's loop when the mirror changed. Signals coalesce: any number of changes while the
/// loop is busy wake it once, which is what lets a burst of submissions be decided in one pass.
/// </summary>
internal sealed class ChangeSignal
{
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Set() => _pending.Writer.TryWrite(true);

    public async Task WaitAsync(CancellationToken cancellationToken) => await _pending.Reader.ReadAsync(cancellationToken);
}
