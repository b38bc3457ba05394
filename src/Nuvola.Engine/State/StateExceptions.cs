namespace Nuvola.Engine.State;

/// <summary>A state failure: the database, a conflict, a lock. <see cref="IsTransient"/> tells whether to retry.</summary>
public class StateException : Exception
{
    public StateException()
    {
    }

    public StateException(string message)
        : base(message)
    {
    }

    public StateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public virtual bool IsTransient => false;
}

/// <summary>A write based on a version that is no longer current (someone else changed the record).</summary>
public sealed class StateConflictException : StateException
{
    public StateConflictException()
    {
    }

    public StateConflictException(string message)
        : base(message)
    {
    }

    public StateConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Another run holds the stack's lock.</summary>
public sealed class StackLockedException : StateException
{
    public StackLockedException()
    {
    }

    public StackLockedException(string message)
        : base(message)
    {
    }

    public StackLockedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StackLockedException(string stack, string holder, DateTimeOffset expiresAt)
        : base($"Stack '{stack}' is locked by {holder} until {expiresAt:u} (another apply is running; wait for it, " +
            "or let the lease expire if that run died).")
    {
        Stack = stack;
        Holder = holder;
        ExpiresAt = expiresAt;
    }

    public string? Stack { get; }

    public string? Holder { get; }

    public DateTimeOffset? ExpiresAt { get; }

    public override bool IsTransient => true;
}

/// <summary>A lease expired and was taken over by another run.</summary>
public sealed class LeaseLostException : StateException
{
    public LeaseLostException()
    {
    }

    public LeaseLostException(string message)
        : base(message)
    {
    }

    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
