using System.Diagnostics.CodeAnalysis;

namespace Flotilla.Registry.Layout;

/// <summary>Converts <see cref="UnitDesiredState"/> to and from fleet's strings (exact, lowercase).</summary>
public static class UnitDesiredStateText
{
    public const string Inactive = "inactive";
    public const string Loaded = "loaded";
    public const string Launched = "launched";

    public static string ToFleetString(this UnitDesiredState state) => state switch
    {
        UnitDesiredState.Inactive => Inactive,
        UnitDesiredState.Loaded => Loaded,
        UnitDesiredState.Launched => Launched,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a desired state"),
    };

    /// <summary>Parses fleet's strings; case-sensitive, as fleet's API is.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out UnitDesiredState state)
    {
        switch (text)
        {
            case Inactive:
                state = UnitDesiredState.Inactive;
                return true;
            case Loaded:
                state = UnitDesiredState.Loaded;
                return true;
            case Launched:
                state = UnitDesiredState.Launched;
                return true;
            default:
                state = default;
                return false;
        }
    }
}
