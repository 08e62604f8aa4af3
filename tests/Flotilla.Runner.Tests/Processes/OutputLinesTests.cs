using Flotilla.Runner.Processes;

namespace Flotilla.Runner.Tests.Processes;

public sealed class OutputLinesTests
{
    [Theory]
    [InlineData("a\nb\n", new[] { "a", "b" })]
    [InlineData("a\r\nb", new[] { "a", "b" })]
    [InlineData("\n\nx", new[] { "", "", "x" })]
    [InlineData("", new string[0])]
    public async Task Output_splits_into_lines_with_a_last_unterminated_line_kept(string output, string[] lines) =>
        Assert.Equal(lines, await SplitAsync(output, 100));

    [Fact]
    public async Task An_overlong_line_is_cut_into_pieces()
    {
        var lines = await SplitAsync(new string('x', 25) + "\nend", 10);

        Assert.Equal(["xxxxxxxxxx", "xxxxxxxxxx", "xxxxx", "end"], lines);
    }

    private static async Task<List<string>> SplitAsync(string output, int max)
    {
        var lines = new List<string>();
        await OutputLines.CopyAsync(new StringReader(output), lines.Add, max);
        return lines;
    }
}
