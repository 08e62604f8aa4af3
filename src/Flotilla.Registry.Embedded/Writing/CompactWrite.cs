using Flotilla.Registry.Errors;

namespace Flotilla.Registry.Embedded.Writing;

/// <summary>
/// Compacts history before <c>revision</c>. An explicit compaction at or below the current point is
/// etcd's "required revision has been compacted"; an automatic one simply has nothing to do then.
/// </summary>
internal sealed class CompactWrite(long revision, bool automatic, CancellationToken cancellationToken)
    : WriteRequest<bool>(cancellationToken)
{
    public override void Apply(WriteSession session)
    {
        if (revision > session.Revision)
        {
            throw new RegistryInvalidRequestException($"revision {revision} is a future revision (the store is at {session.Revision})");
        }

        if (revision <= session.CompactRevision)
        {
            if (automatic)
            {
                return;
            }

            throw new RegistryCompactedException(revision, session.CompactRevision);
        }

        session.Compact(revision);
        Result = true;
    }
}
