using static Flotilla.Templates.Tests.TemplateRendering;

namespace Flotilla.Templates.Tests;

/// <summary>Every action of Go's text/template: text, comments, trim markers, if/with/range, variables, templates.</summary>
public sealed class ActionTests
{
    private static Dictionary<string, object?> Data() => new()
    {
        ["name"] = "web",
        ["n"] = 2L,
        ["list"] = new object?[] { "a", "b", "c", "d" },
        ["empty"] = Array.Empty<object?>(),
        ["emptymap"] = new Dictionary<string, object?>(),
        ["m"] = new Dictionary<string, object?> { ["b"] = 2L, ["a"] = 1L, ["c"] = 3L },
        ["items"] = new object?[] { new Dictionary<string, object?> { ["name"] = "first" } },
    };

    [Fact]
    public void Text_without_actions_is_copied_verbatim() =>
        Assert.Equal("plain { text } here\n", Render("plain { text } here\n"));

    [Fact]
    public void Comments_print_nothing() => Assert.Equal("ab", Render("a{{/* a comment */}}b"));

    [Theory]
    [InlineData("a  {{- \"b\" -}}  c", "abc")]
    [InlineData("x {{3 -}} y", "x 3y")]
    [InlineData("x {{- 3}} y", "x3 y")]
    [InlineData("a\n\t {{- /* c */ -}} \n\nb", "ab")]
    [InlineData("{{-3}}", "-3")]
    [InlineData("{{ -3 }}", "-3")]
    [InlineData("a {{- if true}} b {{- end -}} c", "a bc")]
    public void Trim_markers_remove_white_space_next_to_the_action(string text, string expected) =>
        Assert.Equal(expected, Render(text));

    [Theory]
    [InlineData("{{if \"0\"}}y{{end}}", "y")]
    [InlineData("{{if \"false\"}}y{{end}}", "y")]
    [InlineData("{{if 0}}y{{else}}n{{end}}", "n")]
    [InlineData("{{if 0.0}}y{{else}}n{{end}}", "n")]
    [InlineData("{{if \"\"}}y{{else}}n{{end}}", "n")]
    [InlineData("{{if .empty}}y{{else}}n{{end}}", "n")]
    [InlineData("{{if .emptymap}}y{{else}}n{{end}}", "n")]
    [InlineData("{{if .missing}}y{{else}}n{{end}}", "n")]
    [InlineData("{{if .list}}y{{else}}n{{end}}", "y")]
    [InlineData("{{if false}}y{{else}}n{{end}}", "n")]
    public void If_follows_go_truth(string text, string expected) => Assert.Equal(expected, Render(text, Data()));

    [Theory]
    [InlineData(1L, "one")]
    [InlineData(2L, "two")]
    [InlineData(7L, "many")]
    public void Else_if_chains_share_one_end(long n, string expected) =>
        Assert.Equal(expected, Render("{{if eq .n 1}}one{{else if eq .n 2}}two{{else}}many{{end}}", new Dictionary<string, object?> { ["n"] = n }));

    [Fact]
    public void With_sets_dot_and_falls_back_to_else()
    {
        Assert.Equal("[web]", Render("{{with .name}}[{{.}}]{{else}}none{{end}}", Data()));
        Assert.Equal("none", Render("{{with .missing}}[{{.}}]{{else}}none{{end}}", Data()));
        Assert.Equal("web", Render("{{with .missing}}x{{else with .name}}{{.}}{{end}}", Data()));
    }

    [Fact]
    public void Range_iterates_a_list_with_index_and_element()
    {
        Assert.Equal("[a][b][c][d]", Render("{{range .list}}[{{.}}]{{end}}", Data()));
        Assert.Equal("0=a 1=b 2=c 3=d ", Render("{{range $i, $e := .list}}{{$i}}={{$e}} {{end}}", Data()));
        Assert.Equal("a b c d ", Render("{{range $e := .list}}{{$e}} {{end}}", Data()));
    }

    [Fact]
    public void Range_over_a_map_visits_keys_in_sorted_order() =>
        Assert.Equal("a1b2c3", Render("{{range $k, $v := .m}}{{$k}}{{$v}}{{end}}", Data()));

    [Fact]
    public void Range_over_nothing_runs_else()
    {
        Assert.Equal("none", Render("{{range .empty}}x{{else}}none{{end}}", Data()));
        Assert.Equal("none", Render("{{range .missing}}x{{else}}none{{end}}", Data()));
        Assert.Equal("none", Render("{{range .emptymap}}x{{else}}none{{end}}", Data()));
    }

    [Fact]
    public void Range_over_an_integer_counts_from_zero() => Assert.Equal("012", Render("{{range 3}}{{.}}{{end}}"));

    [Fact]
    public void Break_and_continue_leave_or_skip_an_iteration() =>
        Assert.Equal("a", Render("{{range .list}}{{if eq . \"b\"}}{{continue}}{{end}}{{if eq . \"c\"}}{{break}}{{end}}{{.}}{{end}}", Data()));

    [Fact]
    public void Variables_are_declared_assigned_and_scoped_to_their_block()
    {
        Assert.Equal("2", Render("{{$x := 1}}{{if true}}{{$x = 2}}{{$y := 3}}{{end}}{{$x}}"));
        Assert.Equal("web", Render("{{with .list}}{{$.name}}{{end}}", Data()));
        Assert.Equal("t:1: undefined variable \"$y\"", ParseError("{{if true}}{{$y := 3}}{{end}}{{$y}}")["template: ".Length..]);
    }

    [Fact]
    public void A_declaration_prints_nothing() => Assert.Equal("", Render("{{$x := 5}}"));

    [Fact]
    public void Pipelines_pass_the_previous_result_as_the_last_argument()
    {
        Assert.Equal("a-x", Render("{{\"x\" | printf \"%s-%s\" \"a\"}}"));
        Assert.Equal("3", Render("{{.name | len}}", Data()));
        Assert.Equal("4", Render("{{printf \"%d\" (len .list)}}", Data()));
    }

    [Fact]
    public void Fields_chain_through_maps_and_parenthesised_results()
    {
        Assert.Equal("first", Render("{{(index .items 0).name}}", Data()));
        Assert.Equal("<no value>", Render("{{.missing.deeper}}", Data()));
    }

    [Fact]
    public void Define_template_and_block()
    {
        Assert.Equal("<x>", Render("{{define \"T\"}}<{{.}}>{{end}}{{template \"T\" \"x\"}}"));
        Assert.Equal("[web]", Render("{{block \"B\" .name}}[{{.}}]{{end}}", Data()));
        Assert.Equal("<no value>|web", Render("{{define \"T\"}}{{.}}{{end}}{{template \"T\"}}|{{template \"T\" .name}}", Data()));
        // $ inside a called template is the template's own dot.
        Assert.Equal("x", Render("{{define \"T\"}}{{$}}{{end}}{{template \"T\" \"x\"}}", Data()));
    }

    [Fact]
    public void A_later_empty_definition_does_not_replace_a_body()
    {
        var template = GoTemplate.Parse("t", "{{define \"T\"}}body{{end}}{{define \"T\"}} {{end}}{{template \"T\"}}");
        Assert.Equal("body", template.Render(null));
        Assert.Contains("T", template.TemplateNames);
    }

    [Fact]
    public void Execute_template_runs_a_named_definition()
    {
        var template = GoTemplate.Parse("t", "top{{define \"inner\"}}in:{{.}}{{end}}");
        using var writer = new StringWriter();
        template.ExecuteTemplate(writer, "inner", "d");
        Assert.Equal("in:d", writer.ToString());
    }

    [Fact]
    public void Nil_data_prints_no_value() => Assert.Equal("<no value>", Render("{{.}}"));

    [Fact]
    public void Nil_elements_print_as_nil_inside_lists_but_no_value_alone()
    {
        var data = new Dictionary<string, object?> { ["list"] = new object?[] { null, "a" }, ["m"] = new Dictionary<string, object?> { ["k"] = null } };
        Assert.Equal("[<nil> a]", Render("{{.list}}", data));
        Assert.Equal("<no value>", Render("{{index .list 0}}", data));
        Assert.Equal("<no value>", Render("{{index .m \"absent\"}}", data));
        Assert.Equal("map[k:<nil>]", Render("{{.m}}", data));
    }

    [Theory]
    [InlineData("{{1.0}}", "1")]
    [InlineData("{{1e3}}", "1000")]
    [InlineData("{{0x10}}", "16")]
    [InlineData("{{0o17}} {{017}} {{0b101}}", "15 15 5")]
    [InlineData("{{'a'}}", "97")]
    [InlineData("{{1_000}}", "1000")]
    [InlineData("{{0x1p-2}} {{0x1.8p1}}", "0.25 3")]
    [InlineData("{{printf \"%T %T %T %T\" 1 1.5 'a' 1e3}}", "int float64 int float64")]
    [InlineData("{{true}} {{false}}", "true false")]
    [InlineData("{{\"a\\tb\"}}|{{`raw\\n`}}", "a\tb|raw\\n")]
    public void Constants_take_go_types(string text, string expected) => Assert.Equal(expected, Render(text));

    [Fact]
    public void Struct_like_objects_expose_properties_and_methods()
    {
        var data = new Service("web", 8080);
        Assert.Equal("web:8080 WEB {web 8080}", Render("{{.Name}}:{{.Port}} {{.Upper}} {{.}}", data));
        Assert.Equal("web-x", Render("{{.Suffixed \"x\"}}", data));
    }

    [Fact]
    public void Go_type_names_come_from_the_attribute() =>
        Assert.Equal("svc.Service", Render("{{printf \"%T\" .}}", new Service("a", 1)));

    [GoTypeName("svc.Service")]
    private sealed record Service(string Name, long Port)
    {
        public string Upper() => Name.ToUpperInvariant();

        public string Suffixed(string suffix) => Name + "-" + suffix;
    }
}
