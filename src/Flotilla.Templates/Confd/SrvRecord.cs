namespace Flotilla.Templates.Confd;

/// <summary>One SRV answer as Go's net.SRV shows it in templates: Target (with its final dot), Port, Priority, Weight.</summary>
[GoTypeName("*net.SRV")]
public sealed record SrvRecord(string Target, long Port, long Priority, long Weight);
