namespace Flotilla.Templates.Confd;

/// <summary>Name resolution for lookupIP/lookupIPV4/lookupIPV6 and lookupSRV.</summary>
public interface IDnsResolver
{
    /// <summary>The addresses of a host name (empty when it does not resolve).</summary>
    IReadOnlyList<System.Net.IPAddress> LookupHost(string name);

    /// <summary>The SRV records of a fully built query name such as <c>_http._tcp.example.com</c> (empty on failure).</summary>
    IReadOnlyList<SrvRecord> LookupSrv(string queryName);
}
