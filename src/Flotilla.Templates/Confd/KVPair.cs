namespace Flotilla.Templates.Confd;

/// <summary>One key and its value as templates see them (confd's memkv.KVPair): <c>{{.Key}}</c>, <c>{{.Value}}</c>.</summary>
[GoTypeName("memkv.KVPair")]
public sealed record KVPair(string Key, string Value);
