using Flotilla.Confd.Stores;

namespace Flotilla.Confd.Tests.Stores;

public class YamlKeyReaderTests
{
    [Fact]
    public void Flattens_mappings_and_lists_as_confds_file_backend()
    {
        var pairs = YamlKeyReader.Read("keys.yaml", """
            # services
            app:
              name: "web app"
              port: 8080
              hosts:
                - 10.0.0.1
                - '10.0.0.2'
            upstreams:
            - name: a
              port: 1
            - name: b
            flag: true # comment
            """);

        Assert.Equal(
            [
                new("/app/name", "web app"),
                new("/app/port", "8080"),
                new("/app/hosts/0", "10.0.0.1"),
                new("/app/hosts/1", "10.0.0.2"),
                new("/upstreams/0/name", "a"),
                new("/upstreams/0/port", "1"),
                new("/upstreams/1/name", "b"),
                new KeyValuePair<string, string>("/flag", "true"),
            ],
            pairs);
    }

    [Fact]
    public void Unsupported_yaml_names_the_line()
    {
        var error = Assert.Throws<FormatException>(() => YamlKeyReader.Read("keys.yaml", "a: 1\nb: [1, 2]\n"));

        Assert.StartsWith("keys.yaml:2:", error.Message, StringComparison.Ordinal);
    }
}
