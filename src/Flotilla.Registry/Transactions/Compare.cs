namespace Flotilla.Registry.Transactions;

/// <summary>
/// One condition of a transaction. A missing key has create revision, mod revision and version 0 and
/// no value, so <see cref="Missing"/> is "create revision = 0", as in etcd. A value compare against a
/// missing key is false for every operator, as in etcd.
/// </summary>
public sealed record Compare
{
    private Compare(string key, CompareTarget target, CompareOperator op, long number, ReadOnlyMemory<byte> value)
    {
        Key = key;
        Target = target;
        Operator = op;
        Number = number;
        Value = value;
    }

    public string Key { get; }

    public CompareTarget Target { get; }

    public CompareOperator Operator { get; }

    /// <summary>The revision or version compared against (unused for <see cref="CompareTarget.Value"/>).</summary>
    public long Number { get; }

    /// <summary>The value compared against (only for <see cref="CompareTarget.Value"/>); compared bytewise.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    public static Compare ValueIs(string key, CompareOperator op, ReadOnlyMemory<byte> value) =>
        new(key, CompareTarget.Value, op, 0, value);

    public static Compare ModRevisionIs(string key, CompareOperator op, long revision) =>
        new(key, CompareTarget.ModRevision, op, revision, default);

    public static Compare CreateRevisionIs(string key, CompareOperator op, long revision) =>
        new(key, CompareTarget.CreateRevision, op, revision, default);

    public static Compare VersionIs(string key, CompareOperator op, long version) =>
        new(key, CompareTarget.Version, op, version, default);

    /// <summary>The key does not exist.</summary>
    public static Compare Missing(string key) => CreateRevisionIs(key, CompareOperator.Equal, 0);

    /// <summary>The key exists.</summary>
    public static Compare Exists(string key) => CreateRevisionIs(key, CompareOperator.Greater, 0);

    /// <summary>The key is unchanged since <paramref name="modRevision"/> (0 = it still does not exist).</summary>
    public static Compare Unchanged(string key, long modRevision) => ModRevisionIs(key, CompareOperator.Equal, modRevision);

    /// <summary>Evaluates the compare against a key's current state (null = missing); shared by stores that evaluate locally.</summary>
    public bool Holds(Data.KeyValue? current)
    {
        if (Target == CompareTarget.Value)
        {
            if (current is null)
            {
                return false;
            }

            return Satisfies(current.Value.Span.SequenceCompareTo(Value.Span));
        }

        long actual = Target switch
        {
            CompareTarget.ModRevision => current?.ModRevision ?? 0,
            CompareTarget.CreateRevision => current?.CreateRevision ?? 0,
            _ => current?.Version ?? 0,
        };
        return Satisfies(actual.CompareTo(Number));
    }

    private bool Satisfies(int comparison) => Operator switch
    {
        CompareOperator.Equal => comparison == 0,
        CompareOperator.NotEqual => comparison != 0,
        CompareOperator.Less => comparison < 0,
        _ => comparison > 0,
    };
}
