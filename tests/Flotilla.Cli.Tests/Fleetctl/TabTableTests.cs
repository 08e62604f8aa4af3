using Flotilla.Cli.Fleetctl;

namespace Flotilla.Cli.Tests.Fleetctl;

public class TabTableTests
{
    [Fact]
    public void A_cell_exactly_a_tab_stop_wide_still_gets_a_tab_and_the_column_moves_a_stop()
    {
        var text = TabTable.Format([["12345678", "x"], ["a", "y"]]);
        Assert.Equal("12345678\tx\na\t\ty\n", text);
    }

    [Fact]
    public void The_last_column_is_never_padded()
    {
        Assert.Equal("a\tlast\n", TabTable.Format([["a", "last"]]));
    }

    [Fact]
    public void No_rows_print_nothing()
    {
        Assert.Equal("", TabTable.Format([]));
    }
}
