using Flotilla.Units.Diagnostics;
using Flotilla.Units.Exec;
using Flotilla.Units.Names;
using Flotilla.Units.Specifiers;

namespace Flotilla.Units.Tests.Exec;

public class ExecCommandParserTests
{
    private static readonly FixedHostFacts Host = new()
    {
        HostName = "node1.example.com",
        UserName = "core",
        HomeDirectory = "/home/core",
    };

    private static Func<string, string> Expander(string unit) => new SpecifierExpander(UnitName.Parse(unit), Host).Expand;

    private static ExecCommand Single(string value, Func<string, string>? expand = null)
    {
        var commands = ExecCommandParser.Parse(value, expand);
        return Assert.Single(commands);
    }

    [Theory]
    [InlineData("/bin/true", new[] { "/bin/true" })]
    [InlineData("/bin/echo a b c", new[] { "/bin/echo", "a", "b", "c" })]
    [InlineData("  /bin/echo \t a  \t  b  ", new[] { "/bin/echo", "a", "b" })]
    [InlineData("/bin/echo a\nb\rc", new[] { "/bin/echo", "a", "b", "c" })]
    [InlineData("/bin/echo \"a b\"", new[] { "/bin/echo", "a b" })]
    [InlineData("/bin/echo 'a b'", new[] { "/bin/echo", "a b" })]
    [InlineData("/bin/echo x\"y z\"", new[] { "/bin/echo", "xy z" })]
    [InlineData("/bin/echo \"a\"'b'", new[] { "/bin/echo", "ab" })]
    [InlineData("/bin/echo a\"\"b", new[] { "/bin/echo", "ab" })]
    [InlineData("/bin/echo \"x\"y\"z\"", new[] { "/bin/echo", "xyz" })]
    [InlineData("/bin/echo \"\"", new[] { "/bin/echo", "" })]
    [InlineData("/bin/echo '' x", new[] { "/bin/echo", "", "x" })]
    [InlineData("/bin/echo \"it's\"", new[] { "/bin/echo", "it's" })]
    [InlineData("/bin/echo 'say \"hi\"'", new[] { "/bin/echo", "say \"hi\"" })]
    [InlineData("\"/bin/echo\" a", new[] { "/bin/echo", "a" })]
    [InlineData("/bin/sh -c 'echo $HOME; exit 1'", new[] { "/bin/sh", "-c", "echo $HOME; exit 1" })]
    [InlineData("/bin/echo a;", new[] { "/bin/echo", "a;" })]
    [InlineData("/bin/echo ;a", new[] { "/bin/echo", ";a" })]
    [InlineData("/bin/echo \";\"", new[] { "/bin/echo", ";" })]
    [InlineData("/bin/echo ';'", new[] { "/bin/echo", ";" })]
    [InlineData("/usr/bin/find . -exec rm {} \\;", new[] { "/usr/bin/find", ".", "-exec", "rm", "{}", ";" })]
    [InlineData("/bin/echo \\; x", new[] { "/bin/echo", ";", "x" })]
    [InlineData("/bin/echo a\\;", new[] { "/bin/echo", "a\\;" })]
    [InlineData("/bin/echo \"\\;\"", new[] { "/bin/echo", "\\;" })]
    [InlineData("/bin/echo 100%", new[] { "/bin/echo", "100%" })]
    [InlineData("/bin/echo é ünï", new[] { "/bin/echo", "é", "ünï" })]
    public void Splits_words_and_joins_quotes(string value, string[] argv)
    {
        var command = Single(value);
        Assert.Equal(ExecFlags.None, command.Flags);
        Assert.Equal(argv[0], command.Path);
        Assert.Equal(argv, command.Arguments);
    }

    [Theory]
    [InlineData("\\a", "\a")]
    [InlineData("\\b", "\b")]
    [InlineData("\\f", "\f")]
    [InlineData("\\n", "\n")]
    [InlineData("\\r", "\r")]
    [InlineData("\\t", "\t")]
    [InlineData("\\v", "\v")]
    [InlineData("\\\\", "\\")]
    [InlineData("\\\"", "\"")]
    [InlineData("\\'", "'")]
    [InlineData("a\\sb", "a b")]
    [InlineData("a\\x41b", "aAb")]
    [InlineData("\\x7e\\x7E", "~~")]
    [InlineData("\\xc3\\xa9", "é")]
    [InlineData("\\101\\060", "A0")]
    [InlineData("\\303\\251", "é")]
    [InlineData("\\u00e9", "é")]
    [InlineData("\\u20AC", "€")]
    [InlineData("\\U0001F600", "😀")]
    [InlineData("\"a\\tb\"", "a\tb")]
    [InlineData("'a\\nb'", "a\nb")]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("\"say \\\"hi\\\"\"", "say \"hi\"")]
    [InlineData("\\x25n", "%n")]
    public void Decodes_C_escapes_inside_and_outside_quotes(string word, string expected)
    {
        var command = Single("/bin/echo " + word);
        Assert.Equal(["/bin/echo", expected], command.Arguments);
    }

    // systemd keeps an unknown or malformed escape as written (after a warning); so do we.
    [Theory]
    [InlineData("\\q", "\\q")]
    [InlineData("\\$HOME", "\\$HOME")]
    [InlineData("a\\.b", "a\\.b")]
    [InlineData("\\x4g", "\\x4g")]
    [InlineData("\\x4", "\\x4")]
    [InlineData("\\x00", "\\x00")]
    [InlineData("\\000", "\\000")]
    [InlineData("\\400", "\\400")]
    [InlineData("\\12", "\\12")]
    [InlineData("\\8", "\\8")]
    [InlineData("\\u00", "\\u00")]
    [InlineData("\\ud800", "\\ud800")]
    [InlineData("\\U00110000", "\\U00110000")]
    [InlineData("\"\\q\"", "\\q")]
    [InlineData("a\\ b", "a\\ b")]
    public void Keeps_unknown_escapes_as_written(string word, string expected)
    {
        var command = Single("/bin/echo " + word);
        Assert.Equal(["/bin/echo", expected], command.Arguments);
    }

    [Theory]
    [InlineData("-/bin/false", ExecFlags.IgnoreFailure)]
    [InlineData(":/bin/echo", ExecFlags.NoEnvironmentExpansion)]
    [InlineData("+/bin/echo", ExecFlags.FullPrivileges)]
    [InlineData("!/bin/echo", ExecFlags.NoPrivilegeChange)]
    [InlineData("!!/bin/echo", ExecFlags.AmbientCapabilities)]
    [InlineData("-:+/bin/echo", ExecFlags.IgnoreFailure | ExecFlags.NoEnvironmentExpansion | ExecFlags.FullPrivileges)]
    [InlineData("+:-/bin/echo", ExecFlags.IgnoreFailure | ExecFlags.NoEnvironmentExpansion | ExecFlags.FullPrivileges)]
    [InlineData("!!-/bin/echo", ExecFlags.IgnoreFailure | ExecFlags.AmbientCapabilities)]
    [InlineData("-!!:/bin/echo", ExecFlags.IgnoreFailure | ExecFlags.AmbientCapabilities | ExecFlags.NoEnvironmentExpansion)]
    [InlineData("\"-/bin/echo\"", ExecFlags.IgnoreFailure)]
    [InlineData("-\"/bin/echo\"", ExecFlags.IgnoreFailure)]
    [InlineData("\\x2d/bin/echo", ExecFlags.IgnoreFailure)]
    public void Reads_prefixes_in_any_order(string first, ExecFlags flags)
    {
        var command = Single(first + " x");
        Assert.Equal(flags, command.Flags);
        Assert.Equal(first.Contains("false", StringComparison.Ordinal) ? "/bin/false" : "/bin/echo", command.Path);
        Assert.Equal([command.Path, "x"], command.Arguments);
    }

    [Theory]
    [InlineData("@/bin/busybox sh -c true", ExecFlags.ArgumentZeroFromSecondWord, "/bin/busybox", new[] { "sh", "-c", "true" })]
    [InlineData("@/bin/sleep my-sleep", ExecFlags.ArgumentZeroFromSecondWord, "/bin/sleep", new[] { "my-sleep" })]
    [InlineData("-@/bin/sleep sleeper 5", ExecFlags.IgnoreFailure | ExecFlags.ArgumentZeroFromSecondWord, "/bin/sleep", new[] { "sleeper", "5" })]
    [InlineData("@+/bin/sleep \"my sleep\" 5", ExecFlags.FullPrivileges | ExecFlags.ArgumentZeroFromSecondWord, "/bin/sleep", new[] { "my sleep", "5" })]
    [InlineData("@sleep zz 1", ExecFlags.ArgumentZeroFromSecondWord, "sleep", new[] { "zz", "1" })]
    public void At_prefix_takes_argv0_from_the_second_word(string value, ExecFlags flags, string path, string[] argv)
    {
        var command = Single(value);
        Assert.Equal(flags, command.Flags);
        Assert.Equal(path, command.Path);
        Assert.Equal(argv, command.Arguments);
    }

    [Theory]
    [InlineData("sleep 5", "sleep")]
    [InlineData("-true", "true")]
    [InlineData("/usr/bin/env", "/usr/bin/env")]
    [InlineData("/bin//echo", "/bin//echo")]
    [InlineData("/bin/../bin/echo", "/bin/../bin/echo")]
    [InlineData("...", "...")]
    public void Accepts_absolute_paths_and_bare_names(string value, string path)
    {
        Assert.Equal(path, Single(value).Path);
    }

    [Theory]
    [InlineData("/bin/echo a ; /bin/echo b", 2)]
    [InlineData("/bin/echo a;b ; /bin/echo c", 2)]
    [InlineData("/bin/true ; -/bin/false ; @/bin/sh sh -c x", 3)]
    [InlineData("/bin/true ;", 1)]
    [InlineData("/bin/true\t;\t/bin/false", 2)]
    [InlineData("/bin/echo a \\; /bin/echo b", 1)]
    public void Separates_commands_on_lone_semicolons(string value, int count)
    {
        Assert.Equal(count, ExecCommandParser.Parse(value).Count);
    }

    [Fact]
    public void Each_command_has_its_own_prefixes_and_arguments()
    {
        var commands = ExecCommandParser.Parse("-/bin/false x ; @/bin/sh shell -c 'a ; b' ; :sleep $T");
        Assert.Equal(
            [
                new ExecCommand(ExecFlags.IgnoreFailure, "/bin/false", ["/bin/false", "x"]),
                new ExecCommand(ExecFlags.ArgumentZeroFromSecondWord, "/bin/sh", ["shell", "-c", "a ; b"]),
                new ExecCommand(ExecFlags.NoEnvironmentExpansion, "sleep", ["sleep", "$T"]),
            ],
            commands);
    }

    [Theory]
    [InlineData("/bin/echo \"a b", "unbalanced quotes in \"/bin/echo \\\"a b\"")]
    [InlineData("/bin/echo 'a", "unbalanced quotes in \"/bin/echo 'a\"")]
    [InlineData("/bin/echo a\"b", "unbalanced quotes in \"/bin/echo a\\\"b\"")]
    [InlineData("/bin/echo \"a'", "unbalanced quotes in \"/bin/echo \\\"a'\"")]
    [InlineData("/bin/echo \"a\\", "unbalanced quotes in \"/bin/echo \\\"a\\\\\"")]
    [InlineData("/bin/echo a\\", "trailing backslash in \"/bin/echo a\\\\\"")]
    [InlineData("/bin/echo \\", "trailing backslash in \"/bin/echo \\\\\"")]
    [InlineData("+!/bin/true", "at most one of \"+\", \"!\" and \"!!\" may be used")]
    [InlineData("!+/bin/true", "at most one of \"+\", \"!\" and \"!!\" may be used")]
    [InlineData("+!!/bin/true", "at most one of \"+\", \"!\" and \"!!\" may be used")]
    [InlineData("!!+/bin/true", "at most one of \"+\", \"!\" and \"!!\" may be used")]
    [InlineData("!!!/bin/true", "at most one of \"+\", \"!\" and \"!!\" may be used")]
    [InlineData("!-!/bin/true", "at most one of \"+\", \"!\" and \"!!\" may be used")]
    [InlineData("++/bin/true", "at most one of \"+\", \"!\" and \"!!\" may be used")]
    [InlineData("--/bin/true", "prefix \"-\" may be used only once")]
    [InlineData("@-@/bin/true x", "prefix \"@\" may be used only once")]
    [InlineData("::/bin/true", "prefix \":\" may be used only once")]
    [InlineData("-", "missing executable path after prefix \"-\"")]
    [InlineData("-@ /bin/true x", "missing executable path after prefix \"-@\"")]
    [InlineData("\"\" a", "empty executable path")]
    [InlineData("bin/x", "executable path is not absolute: \"bin/x\"")]
    [InlineData("./x", "executable path is not absolute: \"./x\"")]
    [InlineData("-../bin/x", "executable path is not absolute: \"../bin/x\"")]
    [InlineData("/bin/true ; sbin/x", "executable path is not absolute: \"sbin/x\"")]
    [InlineData(".", "executable name is not valid: \".\"")]
    [InlineData("..", "executable name is not valid: \"..\"")]
    [InlineData("/usr/bin/", "executable path specifies a directory: \"/usr/bin/\"")]
    [InlineData("/", "executable path specifies a directory: \"/\"")]
    [InlineData("/bin/e\\qcho", "executable path contains special characters: \"/bin/e\\\\qcho\"")]
    [InlineData("\"/bin/it's\"", "executable path contains special characters: \"/bin/it's\"")]
    [InlineData("/bin/a\\nb", "executable path contains special characters: \"/bin/a\\nb\"")]
    [InlineData("@/bin/true", "the \"@\" prefix needs a second word to use as argv[0]: \"@/bin/true\"")]
    [InlineData("/bin/true ; @/bin/true", "the \"@\" prefix needs a second word to use as argv[0]: \"@/bin/true\"")]
    [InlineData(";", "empty command in \";\"")]
    [InlineData("; /bin/true", "empty command in \"; /bin/true\"")]
    [InlineData("/bin/true ; ; /bin/false", "empty command in \"/bin/true ; ; /bin/false\"")]
    [InlineData("/bin/true ; ;", "empty command in \"/bin/true ; ;\"")]
    [InlineData("   ", "empty command in \"   \"")]
    [InlineData("/bin/echo \\xff", "escape sequences do not form valid UTF-8 in \"/bin/echo \\\\xff\"")]
    [InlineData("/bin/echo \\xc3x", "escape sequences do not form valid UTF-8 in \"/bin/echo \\\\xc3x\"")]
    public void Rejects_invalid_lines_with_clear_messages(string value, string message)
    {
        var exception = Assert.Throws<UnitValueException>(() => ExecCommandParser.Parse(value));
        Assert.Equal(message, exception.Message);
    }

    [Fact]
    public void Rejects_an_overlong_bare_name()
    {
        var exception = Assert.Throws<UnitValueException>(() => ExecCommandParser.Parse(new string('x', 256)));
        Assert.StartsWith("executable name is not valid: ", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("web@8080.service", "/usr/bin/web --port %i --name %n", "/usr/bin/web", new[] { "/usr/bin/web", "--port", "8080", "--name", "web@8080.service" })]
    [InlineData("web@8080.service", "%h/bin/web %u", "/home/core/bin/web", new[] { "/home/core/bin/web", "core" })]
    [InlineData("web@8080.service", "-@/bin/sh %p-shell -c \"echo %H\"", "/bin/sh", new[] { "web-shell", "-c", "echo node1.example.com" })]
    [InlineData("web@8080.service", "/bin/echo 100%%", "/bin/echo", new[] { "/bin/echo", "100%" })]
    [InlineData("web@8080.service", "/bin/echo \\x25i '%%i'", "/bin/echo", new[] { "/bin/echo", "8080", "%i" })]
    [InlineData("web@a-b.service", "/bin/echo %i %I", "/bin/echo", new[] { "/bin/echo", "a-b", "a/b" })]
    [InlineData("web@8080.service", "/bin/echo %i\\;", "/bin/echo", new[] { "/bin/echo", "8080\\;" })]
    public void Expands_specifiers_in_every_word_after_splitting(string unit, string value, string path, string[] argv)
    {
        var command = Single(value, Expander(unit));
        Assert.Equal(path, command.Path);
        Assert.Equal(argv, command.Arguments);
    }

    [Fact]
    public void Specifier_values_are_not_split_or_unquoted()
    {
        var command = Single("/bin/echo %i", word => word.Replace("%i", "a \"b\" c", StringComparison.Ordinal));
        Assert.Equal(["/bin/echo", "a \"b\" c"], command.Arguments);
    }

    [Theory]
    [InlineData("/bin/echo %q", "unknown specifier \"%q\"")]
    [InlineData("/bin/%q x", "unknown specifier \"%q\"")]
    [InlineData("/bin/echo 5%", "unfinished specifier at end of \"5%\"")]
    public void Specifier_errors_propagate(string value, string message)
    {
        var exception = Assert.Throws<UnitValueException>(() => ExecCommandParser.Parse(value, Expander("web@8080.service")));
        Assert.Equal(message, exception.Message);
    }

    [Theory]
    [InlineData("%i/bin/x", "executable path is not absolute: \"8080/bin/x\"")]
    [InlineData("/opt/%i/", "executable path specifies a directory: \"/opt/8080/\"")]
    public void Checks_the_program_after_expansion(string value, string message)
    {
        var exception = Assert.Throws<UnitValueException>(() => ExecCommandParser.Parse(value, Expander("web@8080.service")));
        Assert.Equal(message, exception.Message);
    }

    [Fact]
    public void Without_an_expander_words_keep_their_specifiers_until_expanded_later()
    {
        var raw = Single("%h/bin/web --port %i");
        Assert.Equal("%h/bin/web", raw.Path);
        Assert.Equal(["%h/bin/web", "--port", "%i"], raw.Arguments);

        var expanded = raw.WithExpandedWords(Expander("web@8080.service"));
        Assert.Equal(Single("%h/bin/web --port %i", Expander("web@8080.service")), expanded);
        Assert.Equal(["/home/core/bin/web", "--port", "8080"], expanded.Arguments);
    }

    [Fact]
    public void Equality_compares_arguments_by_content()
    {
        var a = Single("-/bin/echo a 'b c'");
        var b = new ExecCommand(ExecFlags.IgnoreFailure, "/bin/echo", new List<string> { "/bin/echo", "a", "b c" });
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Single("-/bin/echo a b c"));
        Assert.NotEqual(a, Single("/bin/echo a 'b c'"));
    }

    [Theory]
    [InlineData("/bin/true", "/bin/true")]
    [InlineData("  /bin/echo   a  b ", "/bin/echo a b")]
    [InlineData("/bin/echo 'a b' \"\"", "/bin/echo \"a b\" \"\"")]
    [InlineData("/bin/echo \\; ';' x", "/bin/echo \";\" \";\" x")]
    [InlineData("/bin/echo 'say \"hi\"' a\\\\b", "/bin/echo \"say \\\"hi\\\"\" \"a\\\\b\"")]
    [InlineData("/bin/echo \\t\\x01 it\\'s", "/bin/echo \"\\t\\x01\" \"it's\"")]
    [InlineData("+:-/bin/echo $X", "-:+/bin/echo $X")]
    [InlineData("!!/bin/echo", "!!/bin/echo")]
    [InlineData("!/bin/echo", "!/bin/echo")]
    [InlineData("@-/bin/sh 'my sh' -c x", "-@/bin/sh \"my sh\" -c x")]
    [InlineData("/bin/echo é 100%", "/bin/echo é 100%")]
    [InlineData("-\"/opt/my app/run\" x", "-\"/opt/my app/run\" x")]
    [InlineData("/bin/echo \"\"\"\" \\s", "/bin/echo \"\" \" \"")]
    public void ToString_writes_a_line_that_parses_back_to_the_same_command(string value, string text)
    {
        var command = Single(value);
        Assert.Equal(text, command.ToString());
        Assert.Equal(command, Single(command.ToString()));
    }
}
