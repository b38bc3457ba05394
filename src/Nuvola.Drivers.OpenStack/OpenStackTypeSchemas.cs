using Nuvola.Engine.Planning;
using Nuvola.Model.Schemas;

namespace Nuvola.Drivers.OpenStack;

/// <summary>
/// What the planner and the applier must know of the OS::* types this driver implements: update in place from the
/// catalogue's update_allowed (<see cref="ResourceTypeCatalog"/>), delete-before-create for objects whose names or
/// attachments must be unique, and the secret attributes (a key pair's private_key) that state encrypts. Other
/// types are answered by <c>fallback</c> (e.g. the OS::Heat::* schemas), else updatable and create-before-delete.
/// </summary>
public sealed class OpenStackTypeSchemas(IResourceTypeSchemas? fallback = null) : IResourceTypeSchemas
{
    private static readonly HashSet<string> DeleteFirst = new(StringComparer.Ordinal)
    {
        "OS::Nova::KeyPair", "OS::Nova::Flavor", "OS::Neutron::RouterInterface", "OS::Neutron::FloatingIPAssociation",
        "OS::Cinder::VolumeAttachment", "OS::Keystone::Project", "OS::Keystone::User", "OS::Keystone::Role",
        "OS::Keystone::UserRoleAssignment", "OS::Keystone::GroupRoleAssignment", "OS::Keystone::Domain", "OS::Keystone::Group",
    };

    private static readonly Dictionary<string, string[]> SecretAttributes = new(StringComparer.Ordinal)
    {
        ["OS::Nova::KeyPair"] = ["private_key"],
    };

    public bool IsUpdatable(string type, string property)
    {
        if (OpenStackDriver.SupportedTypes.Contains(type) && ResourceTypeCatalog.Find(type) is { } schema)
        {
            return schema.FindProperty(property)?.UpdateAllowed ?? false;
        }

        return fallback?.IsUpdatable(type, property) ?? true;
    }

    public ReplaceStrategy GetReplaceStrategy(string type) =>
        DeleteFirst.Contains(type) ? ReplaceStrategy.DeleteBeforeCreate
        : OpenStackDriver.SupportedTypes.Contains(type) ? ReplaceStrategy.CreateBeforeDelete
        : fallback?.GetReplaceStrategy(type) ?? ReplaceStrategy.CreateBeforeDelete;

    public bool IsSecretAttribute(string type, string attribute) =>
        SecretAttributes.TryGetValue(type, out var secrets) ? secrets.Contains(attribute, StringComparer.Ordinal)
        : fallback?.IsSecretAttribute(type, attribute) ?? false;
}
