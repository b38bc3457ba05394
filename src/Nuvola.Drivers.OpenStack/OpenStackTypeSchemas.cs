using Nuvola.Engine.Planning;
using Nuvola.Model.Schemas;

namespace Nuvola.Drivers.OpenStack;

/// <summary>
/// What the planner and the applier must know of the OS::* types this driver implements, from the catalogue's facts
/// (<see cref="ReplacementFacts"/>: update_allowed, delete-before-create, secret attributes such as a key pair's
/// private_key) — the same source the stack service reads. Other types are answered by <c>fallback</c> (e.g. the
/// OS::Heat::* schemas), else updatable and create-before-delete.
/// </summary>
public sealed class OpenStackTypeSchemas(IResourceTypeSchemas? fallback = null) : IResourceTypeSchemas
{
    public bool IsUpdatable(string type, string property)
    {
        if (OpenStackDriver.SupportedTypes.Contains(type))
        {
            return ReplacementFacts.IsUpdatable(type, property);
        }

        return fallback?.IsUpdatable(type, property) ?? true;
    }

    public ReplaceStrategy GetReplaceStrategy(string type) =>
        OpenStackDriver.SupportedTypes.Contains(type)
            ? ReplacementFacts.DeletesBeforeCreate(type) ? ReplaceStrategy.DeleteBeforeCreate : ReplaceStrategy.CreateBeforeDelete
        : fallback?.GetReplaceStrategy(type) ?? ReplaceStrategy.CreateBeforeDelete;

    public bool IsSecretAttribute(string type, string attribute) =>
        OpenStackDriver.SupportedTypes.Contains(type) ? ReplacementFacts.IsSecretAttribute(type, attribute)
        : fallback?.IsSecretAttribute(type, attribute) ?? false;
}
