using static Flotilla.Templates.Tests.TemplateRendering;

namespace Flotilla.Templates.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Renders_text_and_a_map_field()
    {
        var data = new Dictionary<string, object?> { ["name"] = "web", ["port"] = 8080L };
        Assert.Equal("web:8080 <no value>", Render("{{.name}}:{{.port}} {{.missing}}", data));
    }
}
