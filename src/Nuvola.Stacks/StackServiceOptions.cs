using Nuvola.Engine.Planning;

namespace Nuvola.Stacks;

/// <summary>How a <see cref="StackService"/> talks to its surroundings.</summary>
public sealed record StackServiceOptions
{
    /// <summary>
    /// Checks a custom constraint against the cloud (nova.flavor, glance.image, …): null when the value is fine, else
    /// why not. The OpenStack driver offers <c>CheckConstraintAsync(constraint, value, ct)</c>. Null: not checked.
    /// </summary>
    public Func<string, string, CancellationToken, ValueTask<string?>>? CheckConstraint { get; init; }

    /// <summary>
    /// The base URL of the signal endpoint (the Heat API's): a WaitConditionHandle's endpoint is
    /// <c>{base}/stacks/{stack}/resources/{name}/signal</c> unless <see cref="SignalUrl"/> says otherwise.
    /// </summary>
    public string SignalBaseUrl { get; init; } = "http://127.0.0.1:8004/v1";

    /// <summary>The signal URL of a resource (stack, logical name) when the default layout does not fit.</summary>
    public Func<string, string, string>? SignalUrl { get; init; }

    /// <summary>
    /// The cloud driver's own type schemas (update in place vs replace, secret attributes), consulted before the
    /// template catalogue's update_allowed flags for non-internal types.
    /// </summary>
    public IResourceTypeSchemas? CloudSchemas { get; init; }

    /// <summary>Who holds the stack's lock while it is applied (shown to a second apply).</summary>
    public string? Holder { get; init; }

    internal string SignalUrlFor(string stack, string resource) =>
        SignalUrl?.Invoke(stack, resource) ??
        $"{SignalBaseUrl.TrimEnd('/')}/stacks/{Uri.EscapeDataString(stack)}/resources/{Uri.EscapeDataString(resource)}/signal";
}
