using System.Threading.Channels;

namespace Flotilla.Agent.Running;

/// <summary>
/// Wakes the agent's loop when the registry view or a unit's status changed. Signals coalesce: any
/// number of changes while a pass runs wake it once more, not once per change.
/// </summary>
internal sealed class WakeSignal
{
    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Set() => _pending.Writer.TryWrite(true);

    public async Task WaitAsync(CancellationToken cancellationToken) => await _pending.Reader.ReadAsync(cancellationToken);
}
