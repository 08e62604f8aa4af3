using Flotilla.Registry.Data;
using Flotilla.Registry.Embedded.Storage;

namespace Flotilla.Registry.Embedded.Writing;

/// <summary>Deletes one key, or (with <c>prefix</c>) every key under it.</summary>
internal sealed class DeleteWrite(string key, bool prefix, CancellationToken cancellationToken)
    : WriteRequest<DeleteResult>(cancellationToken)
{
    public override void Apply(WriteSession session)
    {
        long deleted = prefix ? session.DeletePrefix(KeyRange.ForPrefix(key)) : session.Delete(key) ? 1 : 0;
        Result = new DeleteResult(session.RevisionAfterRequest, deleted);
    }
}
