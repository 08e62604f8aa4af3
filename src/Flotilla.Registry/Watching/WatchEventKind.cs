namespace Flotilla.Registry.Watching;

public enum WatchEventKind
{
    Put,
    Delete,
}
