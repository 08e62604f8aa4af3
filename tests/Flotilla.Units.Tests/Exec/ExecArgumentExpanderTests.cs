using Flotilla.Units.Exec;

namespace Flotilla.Units.Tests.Exec;

public class ExecArgumentExpanderTests
{
    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal)
    {
        ["ONE"] = "one",
        ["TWO"] = "two two",
        ["SPACED"] = "  a \t b  ",
        ["QUOTED"] = "a \"b c\" 'd e' f\\ g",
        ["EMPTY"] = string.Empty,
        ["BLANK"] = "   ",
        ["PORT"] = "8080",
        ["_under_1"] = "u",
        ["DOLLAR"] = "$ONE",
        ["OPEN"] = "x \"y",
    };

    private static IReadOnlyList<string> Expand(string line) =>
        ExecArgumentExpander.Expand(Assert.Single(ExecCommandParser.Parse(line)), Environment);

    [Theory]
    [InlineData("/bin/echo $ONE", new[] { "/bin/echo", "one" })]
    [InlineData("/bin/echo $TWO", new[] { "/bin/echo", "two", "two" })]
    [InlineData("/bin/echo $SPACED", new[] { "/bin/echo", "a", "b" })]
    [InlineData("/bin/echo $QUOTED", new[] { "/bin/echo", "a", "b c", "d e", "f g" })]
    [InlineData("/bin/echo $OPEN", new[] { "/bin/echo", "x", "y" })]
    [InlineData("/bin/echo a $EMPTY b", new[] { "/bin/echo", "a", "b" })]
    [InlineData("/bin/echo a $BLANK b", new[] { "/bin/echo", "a", "b" })]
    [InlineData("/bin/echo a $UNSET b", new[] { "/bin/echo", "a", "b" })]
    [InlineData("/bin/echo $_under_1", new[] { "/bin/echo", "u" })]
    [InlineData("/bin/echo \"$TWO\"", new[] { "/bin/echo", "two", "two" })]
    [InlineData("/bin/echo $DOLLAR", new[] { "/bin/echo", "$ONE" })]
    public void Whole_word_dollar_name_splits_into_zero_or_more_arguments(string line, string[] argv)
    {
        Assert.Equal(argv, Expand(line));
    }

    [Theory]
    [InlineData("/bin/echo ${ONE}", new[] { "/bin/echo", "one" })]
    [InlineData("/bin/echo ${TWO}", new[] { "/bin/echo", "two two" })]
    [InlineData("/bin/echo ${SPACED}", new[] { "/bin/echo", "  a \t b  " })]
    [InlineData("/bin/echo ${QUOTED}", new[] { "/bin/echo", "a \"b c\" 'd e' f\\ g" })]
    [InlineData("/bin/echo ${EMPTY}", new[] { "/bin/echo", "" })]
    [InlineData("/bin/echo ${UNSET}", new[] { "/bin/echo", "" })]
    [InlineData("/bin/echo --port=${PORT}", new[] { "/bin/echo", "--port=8080" })]
    [InlineData("/bin/echo ${ONE}${TWO}", new[] { "/bin/echo", "onetwo two" })]
    [InlineData("/bin/echo x${UNSET}y", new[] { "/bin/echo", "xy" })]
    [InlineData("/bin/echo '${TWO} and ${ONE}'", new[] { "/bin/echo", "two two and one" })]
    [InlineData("/bin/echo ${DOLLAR}", new[] { "/bin/echo", "$ONE" })]
    [InlineData("/bin/echo ${}", new[] { "/bin/echo", "" })]
    public void Braced_names_give_the_exact_value_within_one_argument(string line, string[] argv)
    {
        Assert.Equal(argv, Expand(line));
    }

    [Theory]
    [InlineData("/bin/echo $$", new[] { "/bin/echo", "$" })]
    [InlineData("/bin/echo $$ONE", new[] { "/bin/echo", "$ONE" })]
    [InlineData("/bin/echo a$$b$${ONE}", new[] { "/bin/echo", "a$b${ONE}" })]
    [InlineData("/bin/echo $$$$", new[] { "/bin/echo", "$$" })]
    [InlineData("/bin/echo $", new[] { "/bin/echo", "$" })]
    [InlineData("/bin/echo a$", new[] { "/bin/echo", "a$" })]
    [InlineData("/bin/echo $1", new[] { "/bin/echo", "$1" })]
    [InlineData("/bin/echo $-x", new[] { "/bin/echo", "$-x" })]
    [InlineData("/bin/echo ${ONE", new[] { "/bin/echo", "${ONE" })]
    [InlineData("/bin/echo '${ONE ${TWO}'", new[] { "/bin/echo", "" })]
    [InlineData("/bin/echo ${ONE ${TWO}", new[] { "/bin/echo", "${ONE", "two two" })]
    [InlineData("/bin/echo --port=$PORT", new[] { "/bin/echo", "--port=$PORT" })]
    [InlineData("/bin/echo $PORT/x", new[] { "/bin/echo", "$PORT/x" })]
    [InlineData("/bin/sh -c 'echo $ONE'", new[] { "/bin/sh", "-c", "echo $ONE" })]
    [InlineData("/bin/echo \\$ONE", new[] { "/bin/echo", "\\$ONE" })]
    public void Dollar_escapes_and_literal_dollars(string line, string[] argv)
    {
        Assert.Equal(argv, Expand(line));
    }

    [Theory]
    [InlineData(":/bin/echo $ONE ${TWO} $$", new[] { "/bin/echo", "$ONE", "${TWO}", "$$" })]
    [InlineData("-:/bin/echo $EMPTY", new[] { "/bin/echo", "$EMPTY" })]
    public void Colon_prefix_disables_expansion(string line, string[] argv)
    {
        Assert.Equal(argv, Expand(line));
    }

    [Theory]
    [InlineData("@/bin/sh ${ONE} -c x", "/bin/sh", new[] { "one", "-c", "x" })]
    [InlineData("@/bin/sh $TWO -c x", "/bin/sh", new[] { "two", "two", "-c", "x" })]
    [InlineData("/opt/${ONE}/run x", "/opt/${ONE}/run", new[] { "/opt/one/run", "x" })]
    public void Expands_argv0_but_never_the_program_path(string line, string path, string[] argv)
    {
        var command = Assert.Single(ExecCommandParser.Parse(line));
        Assert.Equal(path, command.Path);
        Assert.Equal(argv, ExecArgumentExpander.Expand(command, Environment));
    }

    [Fact]
    public void Colon_prefix_returns_the_arguments_themselves()
    {
        var command = Assert.Single(ExecCommandParser.Parse(":/bin/echo $ONE"));
        Assert.Same(command.Arguments, ExecArgumentExpander.Expand(command, Environment));
    }
}
