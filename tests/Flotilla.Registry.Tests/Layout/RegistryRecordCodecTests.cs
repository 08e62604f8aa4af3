using System.Text;
using System.Text.Json;
using Flotilla.Registry.Data;
using Flotilla.Registry.Layout;

namespace Flotilla.Registry.Tests.Layout;

public sealed class RegistryRecordCodecTests
{
    private const string UnitKey = "/flotilla/units/x.service";
    private static readonly DateTimeOffset When = new(2024, 5, 6, 7, 8, 9, 123, TimeSpan.Zero);

    private static readonly UnitRecord Unit = new(
        "x.service",
        "[Service]\nExecStart=/bin/sleep 100\n",
        "1c6fb6f3684bafb0c173d8b8b957ceff031180c1",
        UnitDesiredState.Launched);

    private static ReadOnlyMemory<byte> Json(string text) => Encoding.UTF8.GetBytes(text);

    private static T RoundTrip<T>(T record)
        where T : class, IRegistryRecord =>
        RegistryRecordCodec.Decode<T>("/flotilla/any", RegistryRecordCodec.Encode(record));

    [Fact]
    public void Unit_round_trips()
    {
        UnitRecord decoded = RoundTrip(Unit);
        Assert.Equal(Unit, decoded);
        Assert.Equal(1, decoded.SchemaVersion);
    }

    [Fact]
    public void Assignment_round_trips_with_its_desired_state()
    {
        var record = new AssignmentRecord("x.service", "m1", Unit.Hash, UnitDesiredState.Loaded);
        Assert.Equal(record, RoundTrip(record));
        Assert.Contains("\"desiredState\":\"loaded\"", Encoding.UTF8.GetString(RegistryRecordCodec.Encode(record).Span));
    }

    [Fact]
    public void An_assignment_written_before_desired_state_existed_reads_as_launched()
    {
        string json = "{\"schemaVersion\":1,\"unit\":\"x.service\",\"machine\":\"m1\",\"hash\":\"h\"}";
        AssignmentRecord record = RegistryRecordCodec.Decode<AssignmentRecord>("/flotilla/assignments/m1/x.service", Json(json));
        Assert.Equal(new AssignmentRecord("x.service", "m1", "h", UnitDesiredState.Launched), record);
    }

    [Fact]
    public void Global_unit_record_round_trips_and_requires_its_desired_state()
    {
        var record = new GlobalUnitRecord("g.service", Unit.Hash, UnitDesiredState.Loaded);
        Assert.Equal(record, RoundTrip(record));
        var error = Assert.Throws<RegistryRecordException>(() => RegistryRecordCodec.Decode<GlobalUnitRecord>(
            "/flotilla/globals/g.service",
            Json("{\"schemaVersion\":1,\"name\":\"g.service\",\"hash\":\"h\"}")));
        Assert.Contains("global unit record", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Machine_round_trips_with_its_metadata()
    {
        var record = new MachineRecord(
            "m1",
            "10.0.0.1",
            new Dictionary<string, string> { ["role"] = "web", ["az"] = "eu-1" },
            "0.1.0",
            When);
        MachineRecord decoded = RoundTrip(record);
        Assert.Equal(record, decoded);
        Assert.Equal("web", decoded.Metadata["role"]);
        Assert.NotEqual(record with { Metadata = new Dictionary<string, string> { ["role"] = "db", ["az"] = "eu-1" } }, decoded);
    }

    [Fact]
    public void Machine_api_url_is_optional_round_trips_and_counts_in_equality()
    {
        var plain = new MachineRecord("m1", "", new Dictionary<string, string>(), "v", When);
        Assert.DoesNotContain("apiUrl", Encoding.UTF8.GetString(RegistryRecordCodec.Encode(plain).Span));
        Assert.Null(RoundTrip(plain).ApiUrl);

        MachineRecord withApi = plain with { ApiUrl = "http://10.0.0.1:4001" };
        Assert.Equal("http://10.0.0.1:4001", RoundTrip(withApi).ApiUrl);
        Assert.NotEqual(plain, withApi);

        // A record written before the field existed still reads.
        string json = "{\"schemaVersion\":1,\"id\":\"m1\",\"publicIp\":\"\",\"metadata\":{},\"version\":\"v\",\"startedAt\":\"2024-01-01T00:00:00Z\"}";
        Assert.Null(RegistryRecordCodec.Decode<MachineRecord>("/flotilla/machines/m1", Json(json)).ApiUrl);
    }

    [Fact]
    public void Unit_state_round_trips()
    {
        var record = new UnitStateRecord("x.service", "m1", Unit.Hash, "loaded", "active", "running", When);
        Assert.Equal(record, RoundTrip(record));
    }

    [Fact]
    public void Placement_reason_round_trips()
    {
        var record = new PlacementReasonRecord("x.service", "no machine has metadata role=db", When);
        Assert.Equal(record, RoundTrip(record));
    }

    [Fact]
    public void Json_is_camel_case_with_fleet_state_strings_and_the_version_first()
    {
        string json = Encoding.UTF8.GetString(RegistryRecordCodec.Encode(Unit).Span);
        Assert.StartsWith("{\"schemaVersion\":1,", json);
        Assert.Contains("\"desiredState\":\"launched\"", json);
        Assert.Contains("\"hash\":\"1c6fb6f3684bafb0c173d8b8b957ceff031180c1\"", json);
    }

    [Theory]
    [InlineData(UnitDesiredState.Inactive, "inactive")]
    [InlineData(UnitDesiredState.Loaded, "loaded")]
    [InlineData(UnitDesiredState.Launched, "launched")]
    public void Desired_states_use_fleets_strings(UnitDesiredState state, string text)
    {
        string json = Encoding.UTF8.GetString(RegistryRecordCodec.Encode(Unit with { DesiredState = state }).Span);
        Assert.Contains($"\"desiredState\":\"{text}\"", json);
        Assert.Equal(state, RoundTrip(Unit with { DesiredState = state }).DesiredState);
    }

    [Fact]
    public void Machine_metadata_encodes_in_key_order_whatever_the_input_order()
    {
        var a = new MachineRecord("m1", "", new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }, "v", When);
        var b = new MachineRecord("m1", "", new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, "v", When);
        Assert.Equal(RegistryRecordCodec.Encode(a).ToArray(), RegistryRecordCodec.Encode(b).ToArray());
        Assert.Contains("\"metadata\":{\"a\":\"1\",\"b\":\"2\"}", Encoding.UTF8.GetString(RegistryRecordCodec.Encode(a).Span));
    }

    [Fact]
    public void Machine_metadata_set_with_with_is_sorted_too()
    {
        var machine = new MachineRecord("m1", "", new Dictionary<string, string>(), "v", When);
        MachineRecord changed = machine with { Metadata = new Dictionary<string, string> { ["z"] = "1", ["a"] = "2" } };
        Assert.Equal(["a", "z"], changed.Metadata.Keys);
    }

    [Fact]
    public void Invalid_json_names_the_key()
    {
        var error = Assert.Throws<RegistryRecordException>(() => RegistryRecordCodec.Decode<UnitRecord>(UnitKey, Json("{\"schemaVersion\":1,")));
        Assert.Equal(UnitKey, error.Key);
        Assert.Contains(UnitKey, error.Message);
        Assert.Contains("not hold valid JSON", error.Message);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Theory]
    [InlineData("[1,2]", "array")]
    [InlineData("\"text\"", "string")]
    [InlineData("null", "null")]
    public void Json_that_is_not_an_object_names_the_key(string json, string kind)
    {
        var error = Assert.Throws<RegistryRecordException>(() => RegistryRecordCodec.Decode<UnitRecord>(UnitKey, Json(json)));
        Assert.Contains(UnitKey, error.Message);
        Assert.Contains(kind, error.Message);
    }

    [Fact]
    public void Future_schema_version_asks_for_an_upgrade()
    {
        string json = "{\"schemaVersion\":7,\"name\":\"x.service\",\"text\":\"\",\"hash\":\"h\",\"desiredState\":\"launched\",\"newField\":1}";
        var error = Assert.Throws<RegistryRecordException>(() => RegistryRecordCodec.Decode<UnitRecord>(UnitKey, Json(json)));
        Assert.Equal(
            "key /flotilla/units/x.service has schema version 7; this flotilla understands up to 1: upgrade flotilla",
            error.Message);
        Assert.Equal(UnitKey, error.Key);
    }

    [Theory]
    [InlineData("{\"name\":\"x.service\",\"text\":\"\",\"hash\":\"h\",\"desiredState\":\"launched\"}", "without schemaVersion")]
    [InlineData("{\"schemaVersion\":0,\"name\":\"x.service\",\"text\":\"\",\"hash\":\"h\",\"desiredState\":\"launched\"}", "invalid schema version 0")]
    [InlineData("{\"schemaVersion\":-1,\"name\":\"x.service\",\"text\":\"\",\"hash\":\"h\",\"desiredState\":\"launched\"}", "invalid schema version -1")]
    [InlineData("{\"schemaVersion\":\"1\",\"name\":\"x.service\",\"text\":\"\",\"hash\":\"h\",\"desiredState\":\"launched\"}", "invalid schema version \"1\"")]
    [InlineData("{\"schemaVersion\":1.5,\"name\":\"x.service\",\"text\":\"\",\"hash\":\"h\",\"desiredState\":\"launched\"}", "invalid schema version 1.5")]
    public void Missing_or_invalid_schema_version_is_an_error(string json, string problem)
    {
        var error = Assert.Throws<RegistryRecordException>(() => RegistryRecordCodec.Decode<UnitRecord>(UnitKey, Json(json)));
        Assert.Contains(UnitKey, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Theory]
    [InlineData("{\"schemaVersion\":1,\"name\":\"x.service\",\"text\":\"\",\"desiredState\":\"launched\"}", "hash")]
    [InlineData("{\"schemaVersion\":1,\"name\":\"x.service\",\"hash\":\"h\",\"desiredState\":\"launched\"}", "text")]
    [InlineData("{\"schemaVersion\":1,\"name\":\"x.service\",\"text\":\"\",\"hash\":\"h\"}", "desiredState")]
    [InlineData("{\"schemaVersion\":1,\"name\":null,\"text\":\"\",\"hash\":\"h\",\"desiredState\":\"launched\"}", "name")]
    public void Missing_or_null_required_fields_are_errors_naming_key_and_field(string json, string field)
    {
        var error = Assert.Throws<RegistryRecordException>(() => RegistryRecordCodec.Decode<UnitRecord>(UnitKey, Json(json)));
        Assert.Contains(UnitKey, error.Message);
        Assert.Contains("invalid unit record", error.Message);
        Assert.Contains(field, error.Message);
    }

    [Theory]
    [InlineData("\"running\"")]
    [InlineData("\"Launched\"")]
    [InlineData("2")]
    [InlineData("null")]
    public void Unknown_desired_states_are_errors(string state)
    {
        string json = $"{{\"schemaVersion\":1,\"name\":\"x.service\",\"text\":\"\",\"hash\":\"h\",\"desiredState\":{state}}}";
        var error = Assert.Throws<RegistryRecordException>(() => RegistryRecordCodec.Decode<UnitRecord>(UnitKey, Json(json)));
        Assert.Contains(UnitKey, error.Message);
        Assert.Contains("desired state", error.Message);
    }

    [Fact]
    public void Machine_without_metadata_is_an_error()
    {
        string json = "{\"schemaVersion\":1,\"id\":\"m1\",\"publicIp\":\"\",\"version\":\"v\",\"startedAt\":\"2024-01-01T00:00:00Z\"}";
        var error = Assert.Throws<RegistryRecordException>(() => RegistryRecordCodec.Decode<MachineRecord>("/flotilla/machines/m1", Json(json)));
        Assert.Contains("metadata", error.Message);
    }

    [Fact]
    public void Unknown_fields_of_the_current_version_are_ignored()
    {
        string json = "{\"schemaVersion\":1,\"name\":\"x.service\",\"text\":\"t\",\"hash\":\"h\",\"desiredState\":\"loaded\",\"extra\":[1]}";
        UnitRecord decoded = RegistryRecordCodec.Decode<UnitRecord>(UnitKey, Json(json));
        Assert.Equal(new UnitRecord("x.service", "t", "h", UnitDesiredState.Loaded), decoded);
    }

    [Fact]
    public void Decoding_a_key_value_uses_its_key_in_errors()
    {
        var item = new KeyValue("/flotilla/states/y.service", Json("nope"), 1, 1, 1, 0);
        var error = Assert.Throws<RegistryRecordException>(() => RegistryRecordCodec.Decode<UnitStateRecord>(item));
        Assert.Equal("/flotilla/states/y.service", error.Key);
        Assert.Contains("unit state record", error.Message);
    }

    [Fact]
    public void Only_the_current_version_can_be_written()
    {
        var error = Assert.Throws<ArgumentException>(() => RegistryRecordCodec.Encode(Unit with { SchemaVersion = 2 }));
        Assert.Contains("schema version 2", error.Message);
    }
}
