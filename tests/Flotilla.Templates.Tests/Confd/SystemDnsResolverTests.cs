using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Flotilla.Templates.Confd;

namespace Flotilla.Templates.Tests.Confd;

/// <summary>The SRV query goes over real UDP to a name server (here a tiny one on 127.0.0.1 answering once).</summary>
public sealed class SystemDnsResolverTests
{
    [Fact]
    public async Task Srv_records_come_back_with_fully_qualified_targets()
    {
        using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var endpoint = (IPEndPoint)server.Client.LocalEndPoint!;
        var answering = Task.Run(async () =>
        {
            var request = await server.ReceiveAsync();
            var response = Answer(request.Buffer, [(10, 5, 8080, "web1.example.com"), (20, 0, 80, "web2.example.com")]);
            await server.SendAsync(response, request.RemoteEndPoint);
            return QuestionName(request.Buffer);
        });

        var records = new SystemDnsResolver([endpoint]).LookupSrv("_http._tcp.example.com");

        Assert.Equal("_http._tcp.example.com", await answering.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(
            [new SrvRecord("web1.example.com.", 8080, 10, 5), new SrvRecord("web2.example.com.", 80, 20, 0)],
            records);
    }

    [Fact]
    public void A_silent_name_server_gives_no_records()
    {
        using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var records = new SystemDnsResolver([(IPEndPoint)server.Client.LocalEndPoint!]).LookupSrv("_x._tcp.example.com");
        Assert.Empty(records);
    }

    private static string QuestionName(byte[] query)
    {
        var labels = new List<string>();
        var offset = 12;
        while (query[offset] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(query, offset + 1, query[offset]));
            offset += query[offset] + 1;
        }
        return string.Join('.', labels);
    }

    /// <summary>A response echoing the question, with answers whose owner names point back at it (compression).</summary>
    private static byte[] Answer(byte[] query, (ushort Priority, ushort Weight, ushort Port, string Target)[] answers)
    {
        var questionEnd = 12;
        while (query[questionEnd] != 0)
        {
            questionEnd += query[questionEnd] + 1;
        }
        questionEnd += 5; // the root label, type and class
        var message = new List<byte>(query[..questionEnd]);
        message[2] = 0x81; // response, recursion desired
        message[3] = 0x80; // recursion available
        message[6] = 0;
        message[7] = (byte)answers.Length;
        foreach (var (priority, weight, port, target) in answers)
        {
            message.AddRange([0xC0, 12, 0, 33, 0, 1, 0, 0, 0, 60]);
            var data = new List<byte>();
            var numbers = new byte[6];
            BinaryPrimitives.WriteUInt16BigEndian(numbers, priority);
            BinaryPrimitives.WriteUInt16BigEndian(numbers.AsSpan(2), weight);
            BinaryPrimitives.WriteUInt16BigEndian(numbers.AsSpan(4), port);
            data.AddRange(numbers);
            foreach (var label in target.Split('.'))
            {
                data.Add((byte)label.Length);
                data.AddRange(Encoding.ASCII.GetBytes(label));
            }
            data.Add(0);
            message.Add((byte)(data.Count >> 8));
            message.Add((byte)data.Count);
            message.AddRange(data);
        }
        return [.. message];
    }
}
