namespace Flotilla.Runner;

/// <summary>A job was asked for a unit that is not loaded.</summary>
public sealed class UnitNotLoadedException : Exception
{
    public UnitNotLoadedException(string unitName)
        : base($"unit {unitName} is not loaded")
    {
        UnitName = unitName;
    }

    public UnitNotLoadedException()
    {
        UnitName = string.Empty;
    }

    public UnitNotLoadedException(string message, Exception innerException)
        : base(message, innerException)
    {
        UnitName = string.Empty;
    }

    public string UnitName { get; }
}
