using System.Collections.Frozen;

namespace Nuvola.Model.Schemas;

/// <summary>
/// The one source of what the planner must know of a catalogue type, read by both the stack service
/// (Stacks' StackSchemas) and the OpenStack driver (OpenStackTypeSchemas), so the two cannot disagree: a property
/// changes in place only when the catalogue marks it update_allowed (Heat's rule; a property the schema does not
/// know is replaced); a type whose schema is open, or that the catalogue does not know, changes in place; objects
/// whose names or attachments must be unique are deleted before their replacement is created; generated secrets
/// are encrypted in state.
/// </summary>
public static class ReplacementFacts
{
    private static readonly FrozenSet<string> DeleteFirst = new[]
    {
        "OS::Nova::KeyPair", "OS::Nova::Flavor", "OS::Neutron::RouterInterface", "OS::Neutron::FloatingIPAssociation",
        "OS::Cinder::VolumeAttachment", "OS::Keystone::Project", "OS::Keystone::User", "OS::Keystone::Role",
        "OS::Keystone::UserRoleAssignment", "OS::Keystone::GroupRoleAssignment", "OS::Keystone::Domain", "OS::Keystone::Group",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<(string Type, string Attribute)> Secret = new[]
    {
        ("OS::Heat::RandomString", "value"), ("OS::Nova::KeyPair", "private_key"),
        ("OS::Heat::WaitConditionHandle", "token"), ("OS::Heat::WaitConditionHandle", "curl_cli"),
        ("OS::Heat::WaitConditionHandle", "signal"),
    }.ToFrozenSet();

    /// <summary>True when a change of <paramref name="property"/> is made in place (Heat's update_allowed).</summary>
    public static bool IsUpdatable(string type, string property)
    {
        var schema = ResourceTypeCatalog.Find(type);
        if (schema is null || schema.OpenProperties)
        {
            return true;
        }

        return schema.FindProperty(property)?.UpdateAllowed ?? false;
    }

    /// <summary>True when a replacement must delete the old object first (its name or attachment is unique).</summary>
    public static bool DeletesBeforeCreate(string type) => DeleteFirst.Contains(type);

    /// <summary>True when the attribute holds a generated secret (encrypted in state).</summary>
    public static bool IsSecretAttribute(string type, string attribute) => Secret.Contains((type, attribute));
}
