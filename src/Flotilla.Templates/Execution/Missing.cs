namespace Flotilla.Templates.Execution;

/// <summary>
/// Go's invalid reflect.Value: the result of a missing map key or of a nil pipeline result. It prints as
/// <c>&lt;no value&gt;</c>, is false, and differs from a nil element inside a list or map (which prints <c>&lt;nil&gt;</c>).
/// </summary>
internal sealed class Missing
{
    public static readonly Missing Value = new();

    private Missing()
    {
    }

    public override string ToString() => "<no value>";
}
