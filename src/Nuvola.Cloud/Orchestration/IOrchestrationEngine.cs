using Nuvola.Engine.State;
using Nuvola.Stacks;
using Nuvola.Stacks.Deployments;

namespace Nuvola.Cloud.Orchestration;

/// <summary>
/// What the Heat API runs: the stacks layer over one state store, with the OpenStack driver pointed at this cloud's
/// own public URL and acting with the caller's token. The API never changes resources itself.
/// </summary>
public interface IOrchestrationEngine
{
    /// <summary>The engine's state (resources, events, outputs), one store for every project.</summary>
    IStateStore State { get; }

    /// <summary>
    /// The stack service of one engine stack (it keeps the stack's signals between calls), whose driver now acts with
    /// <paramref name="token"/>.
    /// </summary>
    IStackService ForStack(string engineKey, string token);

    /// <summary>Software configs and deployments of every project (OS::Heat::SoftwareDeployment and the software_* API).</summary>
    SoftwareDeploymentStore Deployments { get; }

    /// <summary>Drops what the engine keeps in memory for a stack that is gone.</summary>
    void Forget(string engineKey);
}
