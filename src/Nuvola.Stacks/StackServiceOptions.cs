using Nuvola.Engine.Planning;
using Nuvola.Stacks.Deployments;

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

    /// <summary>
    /// The cloud target (<see cref="Engine.Clouds.CloudTarget.Key"/>) a new stack's root resources go to when
    /// <see cref="ChosenCloud"/> is not set; a stack already deployed stays on the cloud it was recorded in. Null: the
    /// unnamed cloud of a single-cloud registry (tests).
    /// </summary>
    public string? DefaultCloud { get; init; }

    /// <summary>
    /// The cloud the user named for this command (<c>--cloud</c>): the root's target even for a stack recorded
    /// elsewhere (its resources are then replaced on this cloud), and the cloud recorded for resources of state
    /// written before clouds were recorded. Null: not named.
    /// </summary>
    public string? ChosenCloud { get; init; }

    /// <summary>Why a cloud named in an OS::Heat::Stack context cannot be used (null: it can); null: any name is accepted.</summary>
    public Func<string, string?>? CheckCloud { get; init; }

    /// <summary>Who holds the stack's lock while it is applied (shown to a second apply).</summary>
    public string? Holder { get; init; }

    /// <summary>
    /// Software configs and deployments (OS::Heat::SoftwareDeployment): one store per options instance unless shared
    /// (the Heat API shares one between all its stacks, so that a deployment in one stack reaches a server of another).
    /// </summary>
    public SoftwareDeploymentStore SoftwareDeployments { get; init; } = new();

    /// <summary>
    /// The presigned URL a CFN_SIGNAL or TEMP_URL_SIGNAL deployment is signalled at (deployment id, random token); null:
    /// the deployment resource's own signal URL (<see cref="SignalUrlFor"/>), delivered by <c>IStackService.SignalAsync</c>.
    /// </summary>
    public Func<string, string, string>? DeploymentSignalUrl { get; init; }

    /// <summary>Heat's "stack_name/stack_id" of an engine stack (a deployment's deploy_stack_id); null: the engine key.</summary>
    public Func<string, string>? StackIdentifier { get; init; }

    /// <summary>The project owning an engine stack (its deployments and configs are that project's); null: none.</summary>
    public Func<string, string?>? ProjectOf { get; init; }

    /// <summary>The identity URL given to HEAT_SIGNAL deployments (deploy_auth_url).</summary>
    public string? AuthUrl { get; init; }

    /// <summary>Heat's default_deployment_signal_transport: a deployment without signal_transport uses it.</summary>
    public string DefaultSignalTransport { get; init; } = "CFN_SIGNAL";

    /// <summary>
    /// How long a deployment waits for its signal before it fails (the CLI's bound; the Heat API's stacks are bounded
    /// sooner by their own timeout, which cancels the wait and marks the deployment FAILED).
    /// </summary>
    public TimeSpan SoftwareDeploymentTimeout { get; init; } = TimeSpan.FromHours(1);

    internal string SignalUrlFor(string stack, string resource) =>
        SignalUrl?.Invoke(stack, resource) ??
        $"{SignalBaseUrl.TrimEnd('/')}/stacks/{Uri.EscapeDataString(stack)}/resources/{Uri.EscapeDataString(resource)}/signal";
}
