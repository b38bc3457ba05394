namespace Nuvola.Engine.State;

public abstract partial class SqlStateStore
{
    public Task<StackLease> AcquireLeaseAsync(string stack, string holder, TimeSpan ttl,
        CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) =>
        {
            var now = Now();
            var lease = new StackLease(stack, Guid.NewGuid().ToString("N"), holder, Time.GetUtcNow() + ttl);
            var n = await ExecuteAsync(c, tx,
                "INSERT INTO leases (stack, lease_id, holder, expires_at) VALUES (@s, @id, @h, @e) " +
                "ON CONFLICT (stack) DO UPDATE SET lease_id = excluded.lease_id, holder = excluded.holder, " +
                "expires_at = excluded.expires_at WHERE leases.expires_at <= @now",
                [("s", stack), ("id", lease.LeaseId), ("h", holder), ("e", lease.ExpiresAt.ToUnixTimeMilliseconds()),
                    ("now", now)], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                var held = (await QueryAsync(c, tx, "SELECT holder, expires_at FROM leases WHERE stack = @s",
                    [("s", stack)], r => (Holder: r.GetString(0), Expires: r.GetInt64(1)), cancellationToken)
                    .ConfigureAwait(false)).Single();
                throw new StackLockedException(stack, held.Holder, FromMs(held.Expires));
            }

            return lease;
        }, cancellationToken);

    public Task<StackLease> RenewLeaseAsync(StackLease lease, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return WriteAsync(async (c, tx) =>
        {
            var renewed = lease with { ExpiresAt = Time.GetUtcNow() + ttl };
            var n = await ExecuteAsync(c, tx,
                "UPDATE leases SET expires_at = @e WHERE stack = @s AND lease_id = @id",
                [("e", renewed.ExpiresAt.ToUnixTimeMilliseconds()), ("s", lease.Stack), ("id", lease.LeaseId)],
                cancellationToken).ConfigureAwait(false);
            return n == 0
                ? throw new LeaseLostException(
                    $"The lock on stack '{lease.Stack}' held by {lease.Holder} expired and was taken by another run.")
                : renewed;
        }, cancellationToken);
    }

    public Task<bool> BreakLeaseAsync(string stack, string holder, CancellationToken cancellationToken = default) =>
        WriteAsync(async (c, tx) => await ExecuteAsync(c, tx,
            "DELETE FROM leases WHERE stack = @s AND holder = @h", [("s", stack), ("h", holder)],
            cancellationToken).ConfigureAwait(false) > 0, cancellationToken);

    public Task ReleaseLeaseAsync(StackLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return WriteAsync(async (c, tx) => await ExecuteAsync(c, tx,
            "DELETE FROM leases WHERE stack = @s AND lease_id = @id", [("s", lease.Stack), ("id", lease.LeaseId)],
            cancellationToken).ConfigureAwait(false), cancellationToken);
    }
}
