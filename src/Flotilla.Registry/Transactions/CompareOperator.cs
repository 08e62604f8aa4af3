namespace Flotilla.Registry.Transactions;

public enum CompareOperator
{
    Equal,
    NotEqual,
    Less,
    Greater,
}
