namespace Flotilla.Engine.Leading;

/// <summary>The leader saw its own election key deleted (resigned by an operator, or its lease revoked).</summary>
public sealed class LeadershipLostException : Exception
{
    public LeadershipLostException()
    {
    }

    public LeadershipLostException(string message)
        : base(message)
    {
    }

    public LeadershipLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
