namespace Nuvola.Engine.Planning;

/// <summary>
/// A schema table built from lists: per type, the updatable properties, the replace strategy and the secret
/// attributes. Types not listed treat every property as updatable and replace create-before-delete.
/// </summary>
public sealed class ResourceTypeSchemas : IResourceTypeSchemas
{
    private readonly Dictionary<string, TypeSchema> _types = new(StringComparer.Ordinal);

    /// <summary>Declares a type whose only in-place changes are <paramref name="updatable"/>.</summary>
    public ResourceTypeSchemas Add(string type, IEnumerable<string> updatable,
        ReplaceStrategy strategy = ReplaceStrategy.CreateBeforeDelete, IEnumerable<string>? secretAttributes = null)
    {
        _types[type] = new TypeSchema([.. updatable], strategy, [.. secretAttributes ?? []]);
        return this;
    }

    public bool IsUpdatable(string type, string property) =>
        !_types.TryGetValue(type, out var t) || t.Updatable.Contains(property);

    public ReplaceStrategy GetReplaceStrategy(string type) =>
        _types.TryGetValue(type, out var t) ? t.Strategy : ReplaceStrategy.CreateBeforeDelete;

    public bool IsSecretAttribute(string type, string attribute) =>
        _types.TryGetValue(type, out var t) && t.SecretAttributes.Contains(attribute);

    private sealed record TypeSchema(HashSet<string> Updatable, ReplaceStrategy Strategy, HashSet<string> SecretAttributes);
}
