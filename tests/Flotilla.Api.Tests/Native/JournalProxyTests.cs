using System.Net;
using System.Text.Json;
using Flotilla.Registry.Etcd;
using Flotilla.Testing.Etcd;

namespace Flotilla.Api.Tests.Native;

/// <summary>Two agents sharing one real etcd: a journal asked of one agent is served by the machine that runs the unit.</summary>
public sealed class JournalProxyTests(SingleMemberEtcd etcd) : IClassFixture<SingleMemberEtcd>
{
    [Fact]
    public async Task The_journal_of_a_unit_on_another_machine_is_proxied_to_that_machines_api()
    {
        await using EtcdRegistry firstStore = etcd.Connect();
        await using EtcdRegistry secondStore = etcd.Connect();
        var first = new ApiAgent("proxy-m1", firstStore);
        var second = new ApiAgent("proxy-m2", secondStore);
        await first.InitializeAsync();
        try
        {
            await second.InitializeAsync();
            try
            {
                // Placed on the second machine by MachineID=, submitted through the first agent.
                HttpResponseMessage put = await Http.PutAsync(first.Http, "/fleet/v1/units/far.service", """{"desiredState":"launched","options":[{"section":"Service","name":"ExecStart","value":"/bin/sh -c 'echo from-m2; exec sleep 300'"},{"section":"X-Fleet","name":"MachineID","value":"proxy-m2"}]}""");
                Assert.Equal(HttpStatusCode.Created, put.StatusCode);

                string body = "";
                await ApiAgent.EventuallyAsync(async () =>
                {
                    HttpResponseMessage response = await first.Http.GetAsync("/flotilla/v1/units/far.service/journal?lines=50");
                    body = await response.Content.ReadAsStringAsync();
                    return response.StatusCode == HttpStatusCode.OK && body.Contains("from-m2", StringComparison.Ordinal);
                }, "far.service's journal through the first agent");

                JsonElement line = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).First(l => l.GetProperty("text").GetString() == "from-m2");
                Assert.Equal("far.service", line.GetProperty("unit").GetString());

                // The first machine's own runner never had the unit: the lines came from the second machine.
                Assert.Empty(await first.Runner.ReadJournalAsync("far.service", 10, default));
                Assert.NotEmpty(await second.Runner.ReadJournalAsync("far.service", 10, default));
                JsonElement detail = await Http.ReadJsonAsync(await first.Http.GetAsync("/flotilla/v1/units/far.service"));
                Assert.Equal("proxy-m2", detail.GetProperty("machineID").GetString());
                JsonElement machines = await Http.ReadJsonAsync(await first.Http.GetAsync("/fleet/v1/machines"));
                Assert.Equal(["proxy-m1", "proxy-m2"], machines.GetProperty("machines").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
            }
            finally
            {
                await second.DisposeAsync();
            }
        }
        finally
        {
            await first.DisposeAsync();
        }
    }
}
