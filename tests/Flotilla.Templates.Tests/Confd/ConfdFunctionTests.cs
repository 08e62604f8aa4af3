using System.Net;
using Flotilla.Templates.Confd;
using Flotilla.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Flotilla.Templates.Tests.Confd;

/// <summary>confd's function map, one behaviour (and one error message) at a time.</summary>
public sealed class ConfdFunctionTests
{
    private static readonly KeyValueSnapshot Store = new(new Dictionary<string, string>
    {
        ["/app/db/user"] = "admin",
        ["/app/db/pass"] = "secret",
        ["/app/port"] = "443",
        ["/app/upstream/host1"] = "10.0.0.1:80",
        ["/app/upstream/host2"] = "10.0.0.22:80",
        ["/app/upstream/host2/domain"] = "example.com",
        ["/top"] = "leaf",
        ["/empty"] = "",
    });

    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234567));

    private static readonly ConfdHost Host = new(
        Clock,
        key => key switch { "SET" => "value", "EMPTY" => "", _ => null },
        new FakeDns());

    private static string Render(string text, IKeyValueSource? store = null) =>
        GoTemplate.Parse("t", text, ConfdFunctions.Create(store ?? Store, Host)).Render(null);

    private static string Error(string text) =>
        Assert.Throws<TemplateExecutionException>(() => Render(text)).Message;

    [Theory]
    [InlineData("{{getv \"/app/port\"}}", "443")]
    [InlineData("{{getv \"/nope\" \"fallback\"}}", "fallback")]
    [InlineData("[{{getv \"/nope\" \"\"}}]", "[]")]
    [InlineData("[{{getv \"/empty\" \"unused\"}}]", "[]")]
    [InlineData("{{exists \"/app/port\"}} {{exists \"/app\"}}", "true false")]
    [InlineData("{{with get \"/app/port\"}}{{.Key}}={{.Value}}{{end}}", "/app/port=443")]
    [InlineData("{{get \"/app/port\"}}", "{/app/port 443}")]
    [InlineData("{{range gets \"/app/upstream/*\"}}{{.Key}} {{end}}", "/app/upstream/host1 /app/upstream/host2 ")]
    [InlineData("{{getvs \"/app/db/*\"}}", "[admin secret]")]
    [InlineData("{{gets \"/none/*\"}} {{len (getvs \"/none/*\")}}", "[] 0")]
    [InlineData("{{ls \"/app\"}}", "[db port upstream]")]
    [InlineData("{{ls \"/app/\"}}", "[db port upstream]")]
    [InlineData("{{ls \"/app/port\"}}", "[port]")]
    [InlineData("{{ls \"/\"}}", "[empty top]")]
    [InlineData("{{lsdir \"/app\"}}", "[db upstream]")]
    [InlineData("{{lsdir \"/app/upstream\"}}", "[host2]")]
    [InlineData("{{printf \"%T %T\" (gets \"/app/*\") (get \"/top\")}}", "memkv.KVPairs memkv.KVPair")]
    public void Store_functions_behave_like_memkv(string text, string expected) => Assert.Equal(expected, Render(text));

    [Theory]
    [InlineData("{{get \"/nope\"}}", "template: t:1:2: executing \"t\" at <get \"/nope\">: error calling get: key does not exist: /nope")]
    [InlineData("{{getv \"/nope\"}}", "template: t:1:2: executing \"t\" at <getv \"/nope\">: error calling getv: key does not exist: /nope")]
    [InlineData("{{gets \"[]a]\"}}", "template: t:1:2: executing \"t\" at <gets \"[]a]\">: error calling gets: syntax error in pattern")]
    [InlineData("{{getvs \"[\"}}", "template: t:1:2: executing \"t\" at <getvs \"[\">: error calling getvs: syntax error in pattern")]
    public void Store_errors_are_confds(string text, string expected) => Assert.Equal(expected, Error(text));

    [Theory]
    [InlineData("{{base \"/a/b/c\"}} {{dir \"/a/b/c\"}}", "c /a/b")]
    [InlineData("{{split \"a:b:c\" \":\"}} {{len (split \"\" \",\")}} {{split \"héj\" \"\"}}", "[a b c] 1 [h é j]")]
    [InlineData("{{join (split \"a:b\" \":\") \", \"}}", "a, b")]
    [InlineData("{{toUpper \"abc\"}} {{toLower \"ABC\"}}", "ABC abc")]
    [InlineData("{{contains \"haystack\" \"st\"}} {{contains \"haystack\" \"x\"}}", "true false")]
    [InlineData("{{replace \"a-b-c\" \"-\" \"_\" -1}} {{replace \"a-b-c\" \"-\" \"_\" 1}} {{replace \"ab\" \"\" \".\" -1}}", "a_b_c a_b-c .a.b.")]
    [InlineData("{{trimSuffix \"file.conf\" \".conf\"}} {{trimSuffix \"file\" \".conf\"}}", "file file")]
    [InlineData("{{getenv \"SET\"}} [{{getenv \"UNSET\"}}] {{getenv \"EMPTY\" \"dflt\"}} {{getenv \"SET\" \"dflt\"}}", "value [] dflt value")]
    [InlineData("{{base64Encode \"Value\"}} {{base64Decode \"VmFsdWU=\"}}", "VmFsdWU= Value")]
    [InlineData("{{parseBool \"T\"}} {{parseBool \"0\"}} {{parseBool \"true\"}}", "true false true")]
    [InlineData("{{seq 1 3}} {{seq 3 1}} {{len (seq 5 5)}}", "[1 2 3] [] 1")]
    [InlineData("{{atoi \"42\"}} {{atoi \"-7\"}} {{add 1 2}} {{sub 1 2}} {{mul 3 4}} {{div 7 2}} {{mod 7 2}} {{div -7 2}}", "42 -7 3 -1 12 3 1 -3")]
    [InlineData("{{add (atoi \"2\") 3}}", "5")]
    public void String_and_number_functions(string text, string expected) => Assert.Equal(expected, Render(text));

    [Fact]
    public void Map_keeps_value_types_and_json_numbers_are_float64()
    {
        Assert.Equal("x 9200 int", Render("{{$m := map \"name\" \"x\" \"port\" 9200}}{{$m.name}} {{index $m \"port\"}} {{printf \"%T\" $m.port}}"));
        Assert.Equal("8080 float64 1e+06 [1 a true <nil>] map[a:map[b:c]]",
            Render("{{$j := json \"{\\\"p\\\":8080,\\\"big\\\":1000000,\\\"l\\\":[1,\\\"a\\\",true,null],\\\"o\\\":{\\\"a\\\":{\\\"b\\\":\\\"c\\\"}}}\"}}{{$j.p}} {{printf \"%T\" $j.p}} {{$j.big}} {{$j.l}} {{$j.o}}"));
        Assert.Equal("[1 2 3]", Render("{{jsonArray \"[1, 2, 3]\"}}"));
        Assert.Equal("map[]", Render("{{json \"null\"}}"));
    }

    [Theory]
    [InlineData("{{map \"a\"}}", "template: t:1:2: executing \"t\" at <map \"a\">: error calling map: invalid map call")]
    [InlineData("{{map 1 2}}", "template: t:1:2: executing \"t\" at <map 1 2>: error calling map: map keys must be strings")]
    [InlineData("{{json \"[1]\"}}", "template: t:1:2: executing \"t\" at <json \"[1]\">: error calling json: json: cannot unmarshal array into Go value of type map[string]interface {}")]
    [InlineData("{{jsonArray \"{}\"}}", "template: t:1:2: executing \"t\" at <jsonArray \"{}\">: error calling jsonArray: json: cannot unmarshal object into Go value of type []interface {}")]
    [InlineData("{{json \"{\\\"a\\\":}\"}}", "template: t:1:2: executing \"t\" at <json \"{\\\"a\\\":}\">: error calling json: invalid character '}' looking for beginning of value")]
    [InlineData("{{json \"{\\\"a\\\" 1}\"}}", "template: t:1:2: executing \"t\" at <json \"{\\\"a\\\" 1}\">: error calling json: invalid character '1' after object key")]
    [InlineData("{{json \"{\\\"a\\\":1\"}}", "template: t:1:2: executing \"t\" at <json \"{\\\"a\\\":1\">: error calling json: unexpected end of JSON input")]
    [InlineData("{{json \"{} x\"}}", "template: t:1:2: executing \"t\" at <json \"{} x\">: error calling json: invalid character 'x' after top-level value")]
    [InlineData("{{json \"\"}}", "template: t:1:2: executing \"t\" at <json \"\">: error calling json: unexpected end of JSON input")]
    [InlineData("{{atoi \"x1\"}}", "template: t:1:2: executing \"t\" at <atoi \"x1\">: error calling atoi: strconv.Atoi: parsing \"x1\": invalid syntax")]
    [InlineData("{{atoi \"99999999999999999999\"}}", "template: t:1:2: executing \"t\" at <atoi \"99999999999999999999\">: error calling atoi: strconv.Atoi: parsing \"99999999999999999999\": value out of range")]
    [InlineData("{{parseBool \"yes\"}}", "template: t:1:2: executing \"t\" at <parseBool \"yes\">: error calling parseBool: strconv.ParseBool: parsing \"yes\": invalid syntax")]
    [InlineData("{{base64Decode \"Vm!s\"}}", "template: t:1:2: executing \"t\" at <base64Decode \"Vm!s\">: error calling base64Decode: illegal base64 data at input byte 2")]
    [InlineData("{{base64Decode \"VmFsdWU\"}}", "template: t:1:2: executing \"t\" at <base64Decode \"VmFsdWU\">: error calling base64Decode: illegal base64 data at input byte 4")]
    [InlineData("{{div 1 0}}", "template: t:1:2: executing \"t\" at <div 1 0>: error calling div: runtime error: integer divide by zero")]
    [InlineData("{{mod 1 0}}", "template: t:1:2: executing \"t\" at <mod 1 0>: error calling mod: runtime error: integer divide by zero")]
    [InlineData("{{add 1 \"2\"}}", "template: t:1:8: executing \"t\" at <\"2\">: expected integer; found \"2\"")]
    [InlineData("{{join (gets \"/app/*\") \",\"}}", "template: t:1:13: executing \"t\" at <\"/app/*\">: wrong type for value; expected []string; got memkv.KVPairs")]
    public void Function_errors_are_gos(string text, string expected) => Assert.Equal(expected, Error(text));

    [Fact]
    public void Reverse_acts_in_place_on_string_lists_and_kv_lists_but_not_on_gets_results()
    {
        Assert.Equal("[secret admin]", Render("{{reverse (getvs \"/app/db/*\")}}"));
        Assert.Equal("[c b a] [c b a]", Render("{{$l := split \"a,b,c\" \",\"}}{{reverse $l}} {{$l}}"));
        // gets returns memkv.KVPairs, which confd's type switch does not recognise.
        Assert.Equal("/app/db/pass /app/db/user ", Render("{{range reverse (gets \"/app/db/*\")}}{{.Key}} {{end}}"));
        Assert.Equal("/app/db/user /app/db/pass ", Render("{{range reverse (sortKVByLength (gets \"/app/db/*\"))}}{{.Key}} {{end}}"));
        Assert.Equal("3", Render("{{reverse 3}}"));
    }

    [Fact]
    public void Sort_by_length_orders_by_byte_length_and_keeps_ties_in_order()
    {
        Assert.Equal("[a bb cc ddd]", Render("{{sortByLength (split \"ddd,bb,a,cc\" \",\")}}"));
        Assert.Equal("/top /empty ", Render("{{range sortKVByLength (gets \"/*\")}}{{.Key}} {{end}}"));
        // Like confd, the list itself is sorted: a variable holding it sees the new order.
        Assert.Equal("[a bb ddd]", Render("{{$l := split \"ddd,bb,a\" \",\"}}{{$s := sortByLength $l}}{{$l}}"));
        Assert.Equal("[]memkv.KVPair", Render("{{printf \"%T\" (sortKVByLength (gets \"/*\"))}}"));
        Assert.Equal("template: t:1:15: executing \"t\" at <\"x\">: can't handle \"x\" for arg of type []string",
            Error("{{sortByLength \"x\"}}"));
    }

    [Fact]
    public void Datetime_is_a_go_time_with_format_and_methods()
    {
        Assert.Equal("2026-03-04 05:06:07", Render("{{datetime.Format \"2006-01-02 15:04:05\"}}"));
        Assert.Equal("Wed Mar  4 5:06AM UTC +00:00 .123", Render("{{datetime.Format \"Mon Jan _2 3:04PM MST -07:00 .000\"}}"));
        Assert.Equal("2026 March 4 1772600767", Render("{{datetime.Year}} {{datetime.Month}} {{datetime.Day}} {{datetime.Unix}}"));
        Assert.Equal("2026-03-04 05:06:07.1234567 +0000 UTC", Render("{{datetime}}"));
        Assert.Equal("time.Time", Render("{{printf \"%T\" datetime}}"));
    }

    [Fact]
    public void Lookup_functions_sort_and_filter_addresses()
    {
        Assert.Equal("[10.0.0.10 10.0.0.2 ::1]", Render("{{lookupIP \"many\"}}"));
        Assert.Equal("[10.0.0.10 10.0.0.2]", Render("{{lookupIPV4 \"many\"}}"));
        Assert.Equal("[::1]", Render("{{lookupIPV6 \"many\"}}"));
        Assert.Equal("[] 0", Render("{{lookupIP \"unknown\"}} {{len (lookupIPV4 \"unknown\")}}"));
        Assert.Equal("a.example.:80:1:5 b.example.:80:0:5 ",
            Render("{{range lookupSRV \"http\" \"tcp\" \"example\"}}{{.Target}}:{{.Port}}:{{.Priority}}:{{.Weight}} {{end}}"));
        Assert.Equal("0", Render("{{len (lookupSRV \"none\" \"tcp\" \"example\")}}"));
        Assert.Equal("&{a.example. 80 1 5} *net.SRV", Render("{{$r := index (lookupSRV \"http\" \"tcp\" \"example\") 0}}{{$r}} {{printf \"%T\" $r}}"));
    }

    [Fact]
    public void File_exists_sees_files_and_directories()
    {
        using var directory = new TemporaryDirectory();
        var file = Path.Combine(directory.Path, "present.conf");
        File.WriteAllText(file, "x");
        Assert.Equal("true true false",
            Render($"{{{{fileExists \"{file}\"}}}} {{{{fileExists \"{directory.Path}\"}}}} {{{{fileExists \"{file}.missing\"}}}}"));
    }

    [Fact]
    public void Resource_view_selects_keys_below_each_resource_key_and_strips_the_prefix()
    {
        var stored = new Dictionary<string, string>
        {
            ["/prefix/app/a"] = "1",
            ["/prefix/app"] = "0",
            ["/prefix/application/x"] = "no",
            ["/prefix/other"] = "no",
            ["/app/a"] = "outside",
        };
        var view = KeyValueSnapshot.ForResource("/prefix", ["/app/"], stored);
        Assert.Equal(["/app/a=1", "/app=0"], view.Pairs.Select(p => p.Key + "=" + p.Value).Order(StringComparer.Ordinal));
        var root = KeyValueSnapshot.ForResource("", ["/"], new Dictionary<string, string> { ["/x/"] = "1", ["/y"] = "2" });
        Assert.Equal(["/x=1", "/y=2"], root.Pairs.Select(p => p.Key + "=" + p.Value).Order(StringComparer.Ordinal));
    }

    private sealed class FakeDns : IDnsResolver
    {
        public IReadOnlyList<IPAddress> LookupHost(string name) => name == "many"
            ? [IPAddress.Parse("10.0.0.10"), IPAddress.IPv6Loopback, IPAddress.Parse("10.0.0.2")]
            : [];

        public IReadOnlyList<SrvRecord> LookupSrv(string queryName) => queryName == "_http._tcp.example"
            ? [new SrvRecord("b.example.", 80, 0, 5), new SrvRecord("a.example.", 80, 1, 5)]
            : [];
    }
}
