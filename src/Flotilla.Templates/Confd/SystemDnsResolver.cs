using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net;
using System.Text;

namespace Flotilla.Templates.Confd;

/// <summary>
/// The machine's resolver: host names through the operating system, SRV records with a plain DNS query over
/// UDP to the name servers of /etc/resolv.conf (.NET has no SRV lookup of its own).
/// </summary>
internal sealed class SystemDnsResolver : IDnsResolver
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);

    private readonly IReadOnlyList<IPEndPoint>? _servers;

    /// <param name="servers">Name servers to ask for SRV records; null: those of /etc/resolv.conf, port 53.</param>
    public SystemDnsResolver(IReadOnlyList<IPEndPoint>? servers = null) => _servers = servers;

    public IReadOnlyList<IPAddress> LookupHost(string name)
    {
        try
        {
            return Dns.GetHostAddresses(name);
        }
        catch (SocketException)
        {
            return [];
        }
        catch (ArgumentException)
        {
            return [];
        }
    }

    public IReadOnlyList<SrvRecord> LookupSrv(string queryName)
    {
        foreach (var server in _servers ?? NameServers())
        {
            try
            {
                var answers = Query(server, queryName);
                if (answers is not null)
                {
                    return answers;
                }
            }
            catch (SocketException)
            {
                // Try the next name server.
            }
        }
        return [];
    }

    private static IEnumerable<IPEndPoint> NameServers()
    {
        var servers = new List<IPEndPoint>();
        try
        {
            foreach (var line in File.ReadLines("/etc/resolv.conf"))
            {
                var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (fields is ["nameserver", var address, ..] && IPAddress.TryParse(address, out var parsed))
                {
                    servers.Add(new IPEndPoint(parsed, 53));
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        if (servers.Count == 0)
        {
            servers.Add(new IPEndPoint(IPAddress.Loopback, 53));
        }
        return servers;
    }

    private static List<SrvRecord>? Query(IPEndPoint server, string queryName)
    {
        var id = (ushort)Random.Shared.Next(ushort.MaxValue);
        var query = BuildQuery(id, queryName);
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveTimeout = (int)QueryTimeout.TotalMilliseconds;
        socket.SendTo(query, server);
        var buffer = new byte[4096];
        var length = socket.Receive(buffer);
        return ParseResponse(buffer.AsSpan(0, length), id);
    }

    private static byte[] BuildQuery(ushort id, string name)
    {
        var bytes = new List<byte>();
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], 0x0100); // recursion desired
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], 1); // one question
        bytes.AddRange(header.ToArray());
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            var encoded = Encoding.ASCII.GetBytes(label);
            bytes.Add((byte)encoded.Length);
            bytes.AddRange(encoded);
        }
        bytes.Add(0);
        bytes.AddRange([0, 33, 0, 1]); // type SRV, class IN
        return [.. bytes];
    }

    private static List<SrvRecord>? ParseResponse(ReadOnlySpan<byte> message, ushort id)
    {
        if (message.Length < 12 || BinaryPrimitives.ReadUInt16BigEndian(message) != id)
        {
            return null;
        }
        var questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var offset = 12;
        for (var i = 0; i < questions; i++)
        {
            ReadName(message, ref offset);
            offset += 4;
        }
        var records = new List<SrvRecord>();
        for (var i = 0; i < answers; i++)
        {
            ReadName(message, ref offset);
            var type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            var dataLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
            offset += 10;
            if (type == 33)
            {
                var priority = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
                var weight = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
                var port = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 4)..]);
                var targetOffset = offset + 6;
                var target = ReadName(message, ref targetOffset);
                records.Add(new SrvRecord(target, port, priority, weight));
            }
            offset += dataLength;
        }
        return records;
    }

    /// <summary>Reads a possibly compressed domain name and returns it fully qualified (with its final dot).</summary>
    private static string ReadName(ReadOnlySpan<byte> message, ref int offset)
    {
        var builder = new StringBuilder();
        var position = offset;
        var jumped = false;
        for (var guard = 0; guard < 128; guard++)
        {
            var length = message[position];
            if (length == 0)
            {
                position++;
                break;
            }
            if ((length & 0xC0) == 0xC0)
            {
                var pointer = ((length & 0x3F) << 8) | message[position + 1];
                if (!jumped)
                {
                    offset = position + 2;
                }
                jumped = true;
                position = pointer;
                continue;
            }
            builder.Append(Encoding.ASCII.GetString(message.Slice(position + 1, length))).Append('.');
            position += length + 1;
        }
        if (!jumped)
        {
            offset = position;
        }
        return builder.Length == 0 ? "." : builder.ToString();
    }
}
