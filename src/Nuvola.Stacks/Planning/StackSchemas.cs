using Nuvola.Engine.Planning;
using Nuvola.Model.Schemas;

namespace Nuvola.Stacks.Planning;

/// <summary>
/// The engine's view of resource types: the catalogue's facts (<see cref="ReplacementFacts"/>, the one source the
/// OpenStack driver reads too) for the types the stack service runs; groups, nested stacks and template resources
/// change in place (their members decide). A cloud driver's own schemas, when given, decide for its types.
/// </summary>
internal sealed class StackSchemas(IResourceTypeSchemas? cloud) : IResourceTypeSchemas
{
    public bool IsUpdatable(string type, string property)
    {
        if (InternalTypes.IsTemplateReference(type) || type is "OS::Heat::ResourceGroup" or "OS::Heat::AutoScalingGroup" or "OS::Heat::Stack")
        {
            return true;
        }

        if (cloud is not null && !InternalTypes.IsInternal(type))
        {
            return cloud.IsUpdatable(type, property);
        }

        return ReplacementFacts.IsUpdatable(type, property);
    }

    public ReplaceStrategy GetReplaceStrategy(string type) =>
        cloud is not null && !InternalTypes.IsInternal(type) ? cloud.GetReplaceStrategy(type)
        : ReplacementFacts.DeletesBeforeCreate(type) ? ReplaceStrategy.DeleteBeforeCreate : ReplaceStrategy.CreateBeforeDelete;

    public bool IsSecretAttribute(string type, string attribute) =>
        ReplacementFacts.IsSecretAttribute(type, attribute) || (cloud?.IsSecretAttribute(type, attribute) ?? false);
}
