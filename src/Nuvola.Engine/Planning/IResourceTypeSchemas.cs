using System.Text.Json.Serialization;

namespace Nuvola.Engine.Planning;

/// <summary>How a resource that must be replaced is replaced.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReplaceStrategy>))]
public enum ReplaceStrategy
{
    /// <summary>Create the new object, then delete the old one (no gap; needs no unique name clash).</summary>
    CreateBeforeDelete,

    /// <summary>Delete the old object first (for objects whose names or addresses must be unique).</summary>
    DeleteBeforeCreate,
}

/// <summary>
/// What the planner must know of resource types, supplied by the templates' type catalogue (the OS::* schemas):
/// which properties can change in place, how to replace, which attributes are secret.
/// </summary>
public interface IResourceTypeSchemas
{
    /// <summary>True when <paramref name="property"/> of <paramref name="type"/> can change in place (Heat's update_allowed).</summary>
    bool IsUpdatable(string type, string property);

    /// <summary>How to replace a resource of <paramref name="type"/>.</summary>
    ReplaceStrategy GetReplaceStrategy(string type);

    /// <summary>True when the attribute must be encrypted in state (a generated password, a private key).</summary>
    bool IsSecretAttribute(string type, string attribute);
}
