using System.Collections.Immutable;
using Nuvola.Engine.Planning;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Applying;

internal sealed partial class ApplyRun
{
    private IResourceDriver DriverFor(string? cloud, string type) => _drivers.Find(cloud, type) ?? throw new EngineException(
        PlanCodes.NoDriver, $"No driver handles resource type {type} on cloud {cloud ?? "(none)"} (no cloud driver for it is configured).");

    // One driver call under the cloud's limiter, retried while the error is transient.
    private async Task<T> CallAsync<T>(IResourceDriver driver, string name, string type, EventAction action,
        Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var limiter = _limiters.For(driver.ConcurrencyKey);
        var retry = _options.Retry;
        for (var attempt = 1; ; attempt++)
        {
            var slot = CallSlot.Enter(limiter, await limiter.AcquireAsync(cancellationToken).ConfigureAwait(false));
            DriverException failure;
            try
            {
                var result = await call(cancellationToken).ConfigureAwait(false);
                slot.Release(CallSignal.Success);
                return result;
            }
            catch (DriverException e)
            {
                slot.Release(e.IsThrottle ? CallSignal.Throttled : CallSignal.Neutral, e.RetryAfter);
                failure = e;
            }
            catch
            {
                slot.Release(CallSignal.Neutral);
                throw;
            }
            finally
            {
                CallSlot.Exit();
            }

            if (!failure.IsTransient || attempt >= retry.MaxAttempts || cancellationToken.IsCancellationRequested)
            {
                throw failure;
            }

            var delay = retry.DelayAfter(attempt, failure.RetryAfter, _options.Random);
            // The timer exists before the event is told, so a test driving a fake clock can advance it on the event.
            var wait = Task.Delay(delay, Time, cancellationToken);
            await RecordAsync(name, type, action, EventStatus.Retrying,
                $"{failure.Message}; retrying in {delay.TotalSeconds:0.###} s (attempt {attempt + 1} of {retry.MaxAttempts})",
                cancellationToken, failure.RequestId).ConfigureAwait(false);
            await wait.ConfigureAwait(false);
        }
    }

    private Task CallAsync(IResourceDriver driver, string name, string type, EventAction action,
        Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        CallAsync(driver, name, type, action, async ct =>
        {
            await call(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private async Task<ResourceSpec> ResolveAsync(PlannedChange change, CancellationToken cancellationToken)
    {
        try
        {
            return await _resolver(change, this, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not EngineException)
        {
            throw new EngineException("ENG007", $"Cannot resolve the properties of '{change.LogicalName}': {e.Message}", e);
        }
    }

    private ResourceRecord RecordOf(PlannedChange change, ResourceSpec spec, ResourceSnapshot snapshot,
        ResourceStatus status = ResourceStatus.Ready, string? reason = null)
    {
        var secrets = change.SecretProperties.ToBuilder();
        if (_schemas is not null && snapshot.Attributes.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            secrets.AddRange(snapshot.Attributes.EnumerateObject().Select(p => p.Name)
                .Where(a => _schemas.IsSecretAttribute(spec.Type, a)));
        }

        return new ResourceRecord(change.LogicalName, spec.Type, snapshot.PhysicalId, spec.Properties,
            snapshot.Attributes, status, spec.Tags, change.DependsOn, [.. secrets.Distinct()], 0, reason, change.Cloud);
    }

    // Saves a record under its name, over whatever version this run holds.
    private async Task<ResourceRecord> PutAsync(ResourceRecord record, CancellationToken cancellationToken)
    {
        var version = _records.TryGetValue(record.LogicalName, out var existing) ? existing.Version : 0;
        var saved = await _state.PutResourceAsync(Stack, record with { Version = version }, cancellationToken)
            .ConfigureAwait(false);
        _records[record.LogicalName] = saved;
        return saved;
    }

    private async Task ForgetAsync(string name, CancellationToken cancellationToken)
    {
        await _state.DeleteResourceAsync(Stack, name, cancellationToken).ConfigureAwait(false);
        _records.TryRemove(name, out _);
    }

    private static ResourceSnapshot SnapshotOf(ResourceRecord record) =>
        new(record.PhysicalId!, record.Attributes, record.Properties);

    private static string DeposedName(string name, string physicalId) => $"{name}/deposed/{physicalId}";

    private ResourceRecord FailedRecord(PlannedChange change, ResourceSpec spec, string physicalId, string name,
        DriverException e) =>
        new(name, spec.Type, physicalId, spec.Properties, EmptyObject, name == change.LogicalName
            ? ResourceStatus.Failed : ResourceStatus.Deposed, spec.Tags, change.DependsOn,
            change.SecretProperties, 0, e.Message, change.Cloud);

    private static readonly System.Text.Json.JsonElement EmptyObject =
        System.Text.Json.JsonSerializer.SerializeToElement(ImmutableDictionary<string, string>.Empty);
}
