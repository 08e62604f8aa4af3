using Flotilla.Registry.Data;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Watching;
using Flotilla.Units.Syntax;

namespace Flotilla.Engine.Tests.Leading;

/// <summary>Registry items and watch events as the engine would read them, for the pure mirror tests.</summary>
internal static class Records
{
    public static readonly RegistryLayout Layout = RegistryLayout.Default;
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static long revision = 100;

    public static UnitRecord UnitRecord(string name, string fleetSection = "", UnitDesiredState desired = UnitDesiredState.Launched)
    {
        string text = $"[Service]\nExecStart=/bin/true\n{(fleetSection.Length > 0 ? $"\n[X-Fleet]\n{fleetSection}\n" : "")}";
        UnitFile file = UnitFileParser.Parse(name, text);
        return new UnitRecord(name, file.NormalizedText, file.Hash, desired);
    }

    public static KeyValue Unit(string name, string fleetSection = "", UnitDesiredState desired = UnitDesiredState.Launched) =>
        Item(Layout.UnitKey(name), RegistryRecordCodec.Encode(UnitRecord(name, fleetSection, desired)));

    public static KeyValue Machine(string id, params string[] metadata) =>
        Item(Layout.MachineKey(id), RegistryRecordCodec.Encode(new MachineRecord(
            id,
            "127.0.0.1",
            metadata.Select(pair => pair.Split('=')).ToDictionary(pair => pair[0], pair => pair[1]),
            "test",
            Now)));

    public static KeyValue Assignment(string machine, string unit, string hash, UnitDesiredState desired = UnitDesiredState.Launched) =>
        Item(Layout.AssignmentKey(machine, unit), RegistryRecordCodec.Encode(new AssignmentRecord(unit, machine, hash, desired)));

    public static KeyValue Global(string unit, string hash, UnitDesiredState desired = UnitDesiredState.Launched) =>
        Item(Layout.GlobalKey(unit), RegistryRecordCodec.Encode(new GlobalUnitRecord(unit, hash, desired)));

    public static KeyValue Reason(string unit, string reason) =>
        Item(Layout.ReasonKey(unit), RegistryRecordCodec.Encode(new PlacementReasonRecord(unit, reason, Now)));

    public static KeyValue Raw(string key, string value) => Item(key, RegistryText.Encode(value));

    public static WatchBatch Puts(params KeyValue[] items) =>
        new(items.Max(i => i.ModRevision), [.. items.Select(i => new WatchEvent(WatchEventKind.Put, i))]);

    public static WatchBatch Deletes(params string[] keys)
    {
        long at = Interlocked.Increment(ref revision);
        return new WatchBatch(at, [.. keys.Select(k => new WatchEvent(WatchEventKind.Delete, new KeyValue(k, ReadOnlyMemory<byte>.Empty, 0, at, 0, 0)))]);
    }

    private static KeyValue Item(string key, ReadOnlyMemory<byte> value)
    {
        long at = Interlocked.Increment(ref revision);
        return new KeyValue(key, value, at, at, 1, 0);
    }
}
