namespace Flotilla.Registry.Transactions;

public enum OperationKind
{
    Get,
    Put,
    Delete,
    DeletePrefix,
}
