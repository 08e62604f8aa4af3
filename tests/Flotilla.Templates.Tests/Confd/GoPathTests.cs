using Flotilla.Templates.Confd;

namespace Flotilla.Templates.Tests.Confd;

/// <summary>Go's path package semantics, which gets/getvs patterns and base/dir rely on.</summary>
public sealed class GoPathTests
{
    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("*", "abc", true)]
    [InlineData("*c", "abc", true)]
    [InlineData("a*", "a", true)]
    [InlineData("a*", "abc", true)]
    [InlineData("a*", "ab/c", false)]
    [InlineData("a*/b", "abc/b", true)]
    [InlineData("a*/b", "a/c/b", false)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxe/f", true)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxexxx/f", true)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false)]
    [InlineData("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false)]
    [InlineData("a*b?c*x", "abxbbxdbxebxczzx", true)]
    [InlineData("a*b?c*x", "abxbbxdbxebxczzy", false)]
    [InlineData("ab[c]", "abc", true)]
    [InlineData("ab[b-d]", "abc", true)]
    [InlineData("ab[e-g]", "abc", false)]
    [InlineData("ab[^c]", "abc", false)]
    [InlineData("ab[^b-d]", "abc", false)]
    [InlineData("ab[^e-g]", "abc", true)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "ab", false)]
    [InlineData("a?b", "a☺b", true)]
    [InlineData("a[^a]b", "a☺b", true)]
    [InlineData("a???b", "a☺b", false)]
    [InlineData("[a-ζ]*", "α", true)]
    [InlineData("*[a-ζ]", "A", false)]
    [InlineData("a?b", "a/b", false)]
    [InlineData("a*b", "a/b", false)]
    [InlineData("[\\]a]", "]", true)]
    [InlineData("[\\-]", "-", true)]
    [InlineData("[x\\-]", "-", true)]
    [InlineData("[x\\-]", "z", false)]
    [InlineData("*x", "xxx", true)]
    [InlineData("/app/*/host1", "/app/upstream/host1", true)]
    [InlineData("/app/*", "/app/upstream/host1", false)]
    public void Match_follows_go(string pattern, string name, bool expected) => Assert.Equal(expected, GoPath.Match(pattern, name));

    [Theory]
    [InlineData("[]a]", "]")]
    [InlineData("[-]", "-")]
    [InlineData("[x-]", "x")]
    [InlineData("[-x]", "x")]
    [InlineData("\\", "a")]
    [InlineData("[a-b-c]", "a")]
    [InlineData("[", "a")]
    [InlineData("[^bc", "a")]
    [InlineData("a[", "x")]
    [InlineData("a/b[", "x")]
    public void Malformed_patterns_are_errors_even_without_a_match(string pattern, string name)
    {
        var error = Assert.Throws<TemplateFunctionException>(() => GoPath.Match(pattern, name));
        Assert.Equal("syntax error in pattern", error.Message);
    }

    [Theory]
    [InlineData("", ".")]
    [InlineData("/", "/")]
    [InlineData("a//b/./c/..", "a/b")]
    [InlineData("/../a/", "/a")]
    [InlineData("../../a", "../../a")]
    public void Clean(string path, string expected) => Assert.Equal(expected, GoPath.Clean(path));

    [Theory]
    [InlineData("/a/b", "b")]
    [InlineData("/a/b/", "b")]
    [InlineData("", ".")]
    [InlineData("///", "/")]
    public void Base(string path, string expected) => Assert.Equal(expected, GoPath.Base(path));

    [Theory]
    [InlineData("/a/b", "/a")]
    [InlineData("/a/b/", "/a/b")]
    [InlineData("a", ".")]
    [InlineData("/", "/")]
    public void Dir(string path, string expected) => Assert.Equal(expected, GoPath.Dir(path));
}
