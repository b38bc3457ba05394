using Nuvola.Drivers.OpenStack;
using Nuvola.Engine.State;
using Nuvola.Stacks;

namespace Nuvola.Cli.Stacks;

/// <summary>
/// The one place the command layer makes its <see cref="IStackService"/>: the real one over the state and the cloud
/// (custom constraints such as glance.image checked against it, its types' update-in-place rules).
/// </summary>
internal static class StackServices
{
    public static IStackService Create(IStateStore store, CloudConnection cloud) =>
        new StackService(store, cloud, new StackServiceOptions
        {
            Holder = LeaseHolder.ForThisProcess(),
            CheckConstraint = cloud.CheckConstraintAsync,
            CloudSchemas = new OpenStackTypeSchemas(),
        });
}
