using Nuvola.Engine.Planning;
using Nuvola.Model.Schemas;

namespace Nuvola.Stacks.Planning;

/// <summary>
/// The engine's view of resource types from the template catalogue: a property changes in place when Heat marks it
/// update_allowed (an unknown property or type: in place); objects whose names must be unique are replaced
/// delete-before-create; generated secrets (RandomString's value, a key pair's private key, a handle's token) are
/// encrypted in state. A cloud driver's own schemas, when given, decide for its types first.
/// </summary>
internal sealed class StackSchemas(IResourceTypeSchemas? cloud) : IResourceTypeSchemas
{
    private static readonly HashSet<string> DeleteFirst = new(StringComparer.Ordinal)
    {
        "OS::Nova::KeyPair", "OS::Nova::Flavor", "OS::Neutron::RouterInterface", "OS::Neutron::FloatingIPAssociation",
        "OS::Cinder::VolumeAttachment", "OS::Keystone::Project", "OS::Keystone::User",
    };

    private static readonly HashSet<(string, string)> Secret =
    [
        ("OS::Heat::RandomString", "value"), ("OS::Nova::KeyPair", "private_key"),
        ("OS::Heat::WaitConditionHandle", "token"), ("OS::Heat::WaitConditionHandle", "curl_cli"),
        ("OS::Heat::WaitConditionHandle", "signal"),
    ];

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

        var schema = ResourceTypeCatalog.Find(type);
        if (schema is null || schema.OpenProperties)
        {
            return true;
        }

        return schema.FindProperty(property) is not { } p || p.UpdateAllowed;
    }

    public ReplaceStrategy GetReplaceStrategy(string type) =>
        cloud is not null && !InternalTypes.IsInternal(type) ? cloud.GetReplaceStrategy(type)
        : DeleteFirst.Contains(type) ? ReplaceStrategy.DeleteBeforeCreate : ReplaceStrategy.CreateBeforeDelete;

    public bool IsSecretAttribute(string type, string attribute) =>
        Secret.Contains((type, attribute)) || (cloud?.IsSecretAttribute(type, attribute) ?? false);
}
