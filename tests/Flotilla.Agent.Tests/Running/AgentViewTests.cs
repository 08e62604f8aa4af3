using Flotilla.Agent.Running;
using Flotilla.Registry.Data;
using Flotilla.Registry.Layout;
using Flotilla.Registry.Watching;
using Flotilla.Units.Syntax;

namespace Flotilla.Agent.Tests.Running;

public sealed class AgentViewTests
{
    private static readonly RegistryLayout Layout = RegistryLayout.Default;
    private readonly UnitTextCache _texts = new();
    private readonly AgentView _view;

    public AgentViewTests() => _view = new AgentView(Layout, "m1", _texts);

    [Fact]
    public void Only_its_own_assignments_and_globals_are_wanted_with_the_desired_state_of_their_records()
    {
        UnitRecord a = Unit("a.service"), g = Unit("g.service", "Global=true");
        _view.Load([Assignment("m1", a, UnitDesiredState.Loaded), Assignment("m2", Unit("b.service"), UnitDesiredState.Launched), Global(g, UnitDesiredState.Launched)], 5);

        Assert.Equal(["a.service", "g.service"], _view.MissingTexts().Select(w => w.Name).Order());
        Assert.True(_view.Offer(a));
        Assert.True(_view.Offer(g));
        Assert.Empty(_view.MissingTexts());

        var (assigned, globals) = _view.Known();
        Assert.Equal(UnitDesiredState.Loaded, Assert.Single(assigned).Record.DesiredState);
        Assert.True(Assert.Single(globals).IsGlobal);
    }

    [Fact]
    public void A_text_of_another_hash_is_not_kept_and_the_old_text_stands_in_until_the_new_one_is_read()
    {
        UnitRecord old = Unit("a.service"), replaced = Unit("a.service", "MachineOf=x.service");
        _view.Load([Assignment("m1", old, UnitDesiredState.Launched)], 5);
        _view.Offer(old);

        // The unit was replaced before the engine rewrote the assignment: the new text is not taken yet.
        Assert.False(_view.Offer(replaced));
        Assert.Equal(old.Hash, Assert.Single(_view.Known().Assigned).Record.Hash);

        Assert.True(_view.Apply(Batch(6, Put(Assignment("m1", replaced, UnitDesiredState.Launched)))));
        Assert.Equal(replaced.Hash, Assert.Single(_view.MissingTexts()).Hash);
        Assert.Equal(old.Hash, Assert.Single(_view.Known().Assigned).Record.Hash);
        Assert.True(_view.Offer(replaced));
        Assert.Equal(replaced.Hash, Assert.Single(_view.Known().Assigned).Record.Hash);
    }

    [Fact]
    public void A_deleted_assignment_or_global_is_no_longer_wanted_and_its_text_is_forgotten()
    {
        UnitRecord a = Unit("a.service"), g = Unit("g.service", "Global=true");
        _view.Load([Assignment("m1", a, UnitDesiredState.Launched), Global(g, UnitDesiredState.Launched)], 5);
        _view.Offer(a);
        _view.Offer(g);

        Assert.True(_view.Apply(Batch(6, Delete(Layout.AssignmentKey("m1", "a.service")), Delete(Layout.GlobalKey("g.service")))));

        var (assigned, globals) = _view.Known();
        Assert.Empty(assigned);
        Assert.Empty(globals);
        Assert.Equal(0, _texts.Count);
    }

    [Fact]
    public void A_watch_event_older_than_a_fresh_read_is_ignored_and_a_read_older_than_the_watch_is_refused()
    {
        UnitRecord a = Unit("a.service");
        _view.Load([Assignment("m1", a, UnitDesiredState.Launched)], 10);

        Assert.False(_view.Apply(Batch(9, Delete(Layout.AssignmentKey("m1", "a.service")))));
        Assert.Single(_view.Assigned);

        Assert.True(_view.Apply(Batch(12, Put(Assignment("m1", a, UnitDesiredState.Loaded)))));
        Assert.False(_view.Load([], 11));
        Assert.Equal(UnitDesiredState.Loaded, _view.Assigned["a.service"].DesiredState);
    }

    [Fact]
    public void An_unreadable_assignment_changes_nothing()
    {
        UnitRecord a = Unit("a.service");
        _view.Load([Assignment("m1", a, UnitDesiredState.Launched)], 5);

        Assert.False(_view.Apply(Batch(6, Put(new KeyValue(Layout.AssignmentKey("m1", "a.service"), RegistryText.Encode("{}"), 1, 6, 2, 0)))));
        Assert.Equal(a.Hash, _view.Assigned["a.service"].Hash);
    }

    private static UnitRecord Unit(string name, string fleet = "")
    {
        string text = "[Service]\nExecStart=/bin/sleep 100\n" + (fleet.Length > 0 ? "\n[X-Fleet]\n" + fleet + "\n" : "");
        UnitFile file = UnitFileParser.Parse(name, text);
        return new UnitRecord(name, file.NormalizedText, file.Hash, UnitDesiredState.Launched);
    }

    private static KeyValue Assignment(string machine, UnitRecord unit, UnitDesiredState state) =>
        new(Layout.AssignmentKey(machine, unit.Name), RegistryRecordCodec.Encode(new AssignmentRecord(unit.Name, machine, unit.Hash, state)), 1, 1, 1, 0);

    private static KeyValue Global(UnitRecord unit, UnitDesiredState state) =>
        new(Layout.GlobalKey(unit.Name), RegistryRecordCodec.Encode(new GlobalUnitRecord(unit.Name, unit.Hash, state)), 1, 1, 1, 0);

    private static WatchEvent Put(KeyValue item) => new(WatchEventKind.Put, item);

    private static WatchEvent Delete(string key) => new(WatchEventKind.Delete, new KeyValue(key, ReadOnlyMemory<byte>.Empty, 0, 0, 0, 0));

    private static WatchBatch Batch(long revision, params WatchEvent[] events) => new(revision, events);
}
