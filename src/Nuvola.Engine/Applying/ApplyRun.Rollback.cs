using Nuvola.Engine.Graph;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Applying;

internal sealed partial class ApplyRun
{
    // Undoes the journal in two walks: first every object this run created is deleted (dependents first), then
    // every object it changed or deleted is put back as it was recorded (dependencies first). Returns true when
    // all of it worked; what could not be undone stays recorded so that a later apply or destroy can finish it.
    private async Task<bool> RollbackAsync(CancellationToken cancellationToken)
    {
        var entries = _journal.ToList();
        var created = entries.Where(e => e.Kind is JournalKind.Created or JournalKind.Replaced)
            .Select(e => e.Name).Distinct(StringComparer.Ordinal).ToList();
        var undo = Dag<string>.Create(created, created.SelectMany(n =>
            (_records.GetValueOrDefault(n)?.DependsOn ?? []).Where(created.Contains).Select(d => (n, d))),
            StringComparer.Ordinal).Reversed();
        var first = await DagWalker.WalkAsync(undo, UndoCreateAsync, cancellationToken: cancellationToken)
            .ConfigureAwait(false);

        var restore = entries.Where(e => e.Kind is JournalKind.Updated or JournalKind.Deleted or JournalKind.Replaced)
            .GroupBy(e => e.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var second = await DagWalker.WalkAsync(
            Dag<string>.Create(restore.Keys, restore.Values.SelectMany(e =>
                e.Prior!.DependsOn.Where(restore.ContainsKey).Select(d => (e.Name, d))), StringComparer.Ordinal),
            (name, ct) => RestoreAsync(restore[name], ct), cancellationToken: cancellationToken).ConfigureAwait(false);
        return first.Succeeded && second.Succeeded;
    }

    private async Task<bool> UndoCreateAsync(string name, CancellationToken cancellationToken)
    {
        if (!_records.TryGetValue(name, out var record))
        {
            return true;
        }

        try
        {
            await RecordAsync(name, record.Type, EventAction.Rollback, EventStatus.InProgress,
                "deleting what the failed apply created", cancellationToken).ConfigureAwait(false);
            if (record.PhysicalId is { } id)
            {
                var driver = DriverFor(record.Cloud, record.Type);
                await CallAsync(driver, name, record.Type, EventAction.Rollback,
                    ct => driver.DeleteAsync(record.Type, id, ct), cancellationToken).ConfigureAwait(false);
            }

            await ForgetAsync(name, cancellationToken).ConfigureAwait(false);
            await RecordAsync(name, record.Type, EventAction.Rollback, EventStatus.Complete, "deleted", cancellationToken,
                physicalId: record.PhysicalId).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is DriverException or EngineException or StateException)
        {
            await RecordAsync(name, record.Type, EventAction.Rollback, EventStatus.Failed, e.Message,
                cancellationToken, (e as DriverException)?.RequestId).ConfigureAwait(false);
            return false;
        }
    }

    private async Task<bool> RestoreAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        var prior = entry.Prior!;
        try
        {
            await RecordAsync(entry.Name, prior.Type, EventAction.Rollback, EventStatus.InProgress,
                "restoring the previous properties", cancellationToken).ConfigureAwait(false);
            var spec = new ResourceSpec(Stack, entry.Name, prior.Type, prior.Properties,
                prior.Tags.IsEmpty ? EngineTags.For(Stack, entry.Name) : prior.Tags);
            var driver = DriverFor(prior.Cloud, prior.Type);
            ResourceSnapshot snapshot;
            if (entry.DeposedName is { } deposed && _records.TryGetValue(deposed, out var old))
            {
                // the old object of a create-before-delete replace was never deleted: it becomes current again
                await ForgetAsync(deposed, cancellationToken).ConfigureAwait(false);
                snapshot = SnapshotOf(old);
            }
            else if (entry.Kind == JournalKind.Updated && _records.TryGetValue(entry.Name, out var current))
            {
                snapshot = await CallAsync(driver, entry.Name, prior.Type, EventAction.Rollback,
                    ct => driver.UpdateAsync(spec, SnapshotOf(current), ct), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                snapshot = await CallAsync(driver, entry.Name, prior.Type, EventAction.Rollback,
                    ct => driver.CreateAsync(spec, ct), cancellationToken).ConfigureAwait(false);
            }

            await PutAsync(prior with
            {
                PhysicalId = snapshot.PhysicalId,
                Attributes = snapshot.Attributes,
                Status = ResourceStatus.Ready,
                StatusReason = null,
            }, cancellationToken).ConfigureAwait(false);
            await RecordAsync(entry.Name, prior.Type, EventAction.Rollback, EventStatus.Complete, "restored",
                cancellationToken, physicalId: snapshot.PhysicalId).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is DriverException or EngineException or StateException)
        {
            await RecordAsync(entry.Name, prior.Type, EventAction.Rollback, EventStatus.Failed, e.Message,
                cancellationToken, (e as DriverException)?.RequestId).ConfigureAwait(false);
            return false;
        }
    }
}
