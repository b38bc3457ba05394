using Nuvola.Engine.Planning;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Applying;

internal sealed partial class ApplyRun
{
    private async Task<bool> VisitAsync(string name, CancellationToken cancellationToken)
    {
        var change = _plan.Find(name)!;
        var action = EventActionOf(change.Action);
        if (change.Action == ChangeAction.NoOp)
        {
            return await KeepAsync(change, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await RecordAsync(name, change.Type, action, EventStatus.InProgress, change.Reason, cancellationToken)
                .ConfigureAwait(false);
            var physicalId = change.Action switch
            {
                ChangeAction.Create => await CreateAsync(change, cancellationToken).ConfigureAwait(false),
                ChangeAction.Update => await UpdateAsync(change, cancellationToken).ConfigureAwait(false),
                ChangeAction.Replace => await ReplaceAsync(change, cancellationToken).ConfigureAwait(false),
                _ => await DeleteAsync(change, cancellationToken).ConfigureAwait(false),
            };
            await RecordAsync(name, change.Type, action, EventStatus.Complete, null, cancellationToken,
                physicalId: physicalId).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _failures.Enqueue(new ResourceFailure(name, change.Type, "cancelled"));
            await RecordAsync(name, change.Type, action, EventStatus.Cancelled, "cancelled", CancellationToken.None)
                .ConfigureAwait(false);
            return false;
        }
        catch (Exception e)
        {
            var requestId = (e as DriverException)?.RequestId;
            _failures.Enqueue(new ResourceFailure(name, change.Type, e.Message, requestId));
            await RecordAsync(name, change.Type, action, EventStatus.Failed, e.Message, CancellationToken.None,
                requestId).ConfigureAwait(false);
            return false;
        }
    }

    // Nothing to do in the cloud (after the caller's pause, if any); keep the recorded dependencies current.
    private async Task<bool> KeepAsync(PlannedChange change, CancellationToken cancellationToken)
    {
        if (_options.BeforeUnchanged is { } pause)
        {
            try
            {
                await pause(change, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _failures.Enqueue(new ResourceFailure(change.LogicalName, change.Type, "cancelled"));
                return false;
            }
        }

        if (_records.TryGetValue(change.LogicalName, out var r) && !r.DependsOn.SequenceEqual(change.DependsOn))
        {
            await PutAsync(r with { DependsOn = change.DependsOn }, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task<string> CreateAsync(PlannedChange change, CancellationToken cancellationToken)
    {
        var spec = await ResolveAsync(change, cancellationToken).ConfigureAwait(false);
        var driver = DriverFor(change.Cloud, change.Type);
        if (_options.AdoptOrphans && await AdoptAsync(change, spec, driver, cancellationToken).ConfigureAwait(false) is { } adopted)
        {
            return adopted;
        }

        var snapshot = await CreateObjectAsync(change, spec, driver, change.LogicalName, cancellationToken)
            .ConfigureAwait(false);
        await PutAsync(RecordOf(change, spec, snapshot), cancellationToken).ConfigureAwait(false);
        _journal.Enqueue(new JournalEntry(JournalKind.Created, change.LogicalName));
        return snapshot.PhysicalId;
    }

    // A create; when it fails but leaves an object, that object is recorded (failed, under failedName) and journaled.
    private async Task<ResourceSnapshot> CreateObjectAsync(PlannedChange change, ResourceSpec spec,
        IResourceDriver driver, string failedName, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync(driver, change.LogicalName, change.Type, EventAction.Create,
                ct => driver.CreateAsync(spec, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (DriverException e) when (e.PhysicalId is { } left)
        {
            var name = failedName == change.LogicalName ? failedName : DeposedName(change.LogicalName, left);
            await PutAsync(FailedRecord(change, spec, left, name, e), CancellationToken.None).ConfigureAwait(false);
            _journal.Enqueue(new JournalEntry(JournalKind.Created, name));
            throw;
        }
    }

    // An object tagged with this stack and name but not recorded: left by a run that died after creating it.
    private async Task<string?> AdoptAsync(PlannedChange change, ResourceSpec spec, IResourceDriver driver,
        CancellationToken cancellationToken)
    {
        var tagged = await _orphans.GetOrAdd(driver, d => new Lazy<Task<IReadOnlyList<TaggedResource>>>(() =>
            CallAsync(d, Stack, "stack", EventAction.Adopt, ct => d.FindTaggedAsync(Stack, ct), cancellationToken)))
            .Value.ConfigureAwait(false);
        var known = _records.Values.Select(r => r.PhysicalId).ToHashSet(StringComparer.Ordinal);
        var found = tagged.Where(t => t.LogicalName == change.LogicalName && t.Type == change.Type &&
            !known.Contains(t.PhysicalId)).ToList();
        foreach (var extra in found.Skip(1))
        {
            await CallAsync(driver, change.LogicalName, change.Type, EventAction.Delete,
                ct => driver.DeleteAsync(extra.Type, extra.PhysicalId, ct), cancellationToken).ConfigureAwait(false);
        }

        if (found.Count == 0)
        {
            return null;
        }

        var orphan = found[0];
        var current = await CallAsync(driver, change.LogicalName, change.Type, EventAction.Adopt,
            ct => driver.ReadAsync(orphan.Type, orphan.PhysicalId, ct), cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return null;
        }

        // What the cloud cannot read back (e.g. a server's flavor by name) is taken as created from this very spec.
        var assumed = current with { Properties = Planner.Overlay(spec.Properties, current.Properties).Value };
        var snapshot = await CallAsync(driver, change.LogicalName, change.Type, EventAction.Update,
            ct => driver.UpdateAsync(spec, assumed, ct), cancellationToken).ConfigureAwait(false);
        await PutAsync(RecordOf(change, spec, snapshot), cancellationToken).ConfigureAwait(false);
        _journal.Enqueue(new JournalEntry(JournalKind.Created, change.LogicalName));
        await RecordAsync(change.LogicalName, change.Type, EventAction.Adopt, EventStatus.Complete,
            $"adopted {orphan.PhysicalId}, created by an earlier run that did not record it", cancellationToken,
            physicalId: orphan.PhysicalId).ConfigureAwait(false);
        return snapshot.PhysicalId;
    }

    private async Task<string> UpdateAsync(PlannedChange change, CancellationToken cancellationToken)
    {
        var prior = _records[change.LogicalName];
        var spec = await ResolveAsync(change, cancellationToken).ConfigureAwait(false);
        var driver = DriverFor(change.Cloud, change.Type);
        var snapshot = await CallAsync(driver, change.LogicalName, change.Type, EventAction.Update,
            ct => driver.UpdateAsync(spec, SnapshotOf(prior), ct), cancellationToken).ConfigureAwait(false);
        _journal.Enqueue(new JournalEntry(JournalKind.Updated, change.LogicalName, prior));
        await PutAsync(RecordOf(change, spec, snapshot), cancellationToken).ConfigureAwait(false);
        return snapshot.PhysicalId;
    }

    private async Task<string> ReplaceAsync(PlannedChange change, CancellationToken cancellationToken)
    {
        var prior = _records[change.LogicalName];
        var spec = await ResolveAsync(change, cancellationToken).ConfigureAwait(false);
        var driver = DriverFor(change.Cloud, change.Type);
        var oldDriver = DriverFor(prior.Cloud, prior.Type);
        if (change.Strategy == ReplaceStrategy.DeleteBeforeCreate)
        {
            await CallAsync(oldDriver, change.LogicalName, prior.Type, EventAction.Delete,
                ct => oldDriver.DeleteAsync(prior.Type, prior.PhysicalId!, ct), cancellationToken).ConfigureAwait(false);
            await ForgetAsync(change.LogicalName, cancellationToken).ConfigureAwait(false);
            _journal.Enqueue(new JournalEntry(JournalKind.Deleted, change.LogicalName, prior));
            var created = await CreateObjectAsync(change, spec, driver, change.LogicalName, cancellationToken)
                .ConfigureAwait(false);
            await PutAsync(RecordOf(change, spec, created), cancellationToken).ConfigureAwait(false);
            _journal.Enqueue(new JournalEntry(JournalKind.Created, change.LogicalName));
            return created.PhysicalId;
        }

        var snapshot = await CreateObjectAsync(change, spec, driver, DeposedName(change.LogicalName, "new"),
            cancellationToken).ConfigureAwait(false);
        var deposed = DeposedName(change.LogicalName, prior.PhysicalId!);
        await PutAsync(prior with { LogicalName = deposed, Status = ResourceStatus.Deposed, Version = 0 },
            cancellationToken).ConfigureAwait(false);
        await PutAsync(RecordOf(change, spec, snapshot), cancellationToken).ConfigureAwait(false);
        _journal.Enqueue(new JournalEntry(JournalKind.Replaced, change.LogicalName, prior, deposed));
        await CallAsync(oldDriver, change.LogicalName, prior.Type, EventAction.Delete,
            ct => oldDriver.DeleteAsync(prior.Type, prior.PhysicalId!, ct), cancellationToken).ConfigureAwait(false);
        await ForgetAsync(deposed, cancellationToken).ConfigureAwait(false);
        return snapshot.PhysicalId;
    }

    private async Task<string?> DeleteAsync(PlannedChange change, CancellationToken cancellationToken)
    {
        if (!_records.TryGetValue(change.LogicalName, out var prior))
        {
            return null;
        }

        if (prior.PhysicalId is { } id)
        {
            var driver = DriverFor(prior.Cloud, prior.Type);
            await CallAsync(driver, change.LogicalName, prior.Type, EventAction.Delete,
                ct => driver.DeleteAsync(prior.Type, id, ct), cancellationToken).ConfigureAwait(false);
        }

        await ForgetAsync(change.LogicalName, cancellationToken).ConfigureAwait(false);
        if (prior.Status != ResourceStatus.Deposed)
        {
            _journal.Enqueue(new JournalEntry(JournalKind.Deleted, change.LogicalName, prior));
        }

        return prior.PhysicalId;
    }
}
