using System.Collections.Immutable;

namespace Nuvola.Model.Schemas;

public enum PropertyType
{
    String,
    Integer,
    Number,
    Boolean,
    Map,
    List,
    Any,
}

/// <summary>One property of a resource type, as Heat's resource type reference defines it. UpdateAllowed decides
/// update in place (true) or replacement (false); Immutable properties cannot change at all.</summary>
public sealed record PropertySchema(string Name, PropertyType Type)
{
    public bool Required { get; init; }

    public bool UpdateAllowed { get; init; }

    public bool Immutable { get; init; }

    public object? Default { get; init; }

    public ImmutableArray<object?> AllowedValues { get; init; } = [];

    public double? Min { get; init; }

    public double? Max { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>A check against the cloud (glance.image, nova.flavor, …), done by the engine or a driver.</summary>
    public string? CustomConstraint { get; init; }

    /// <summary>For a list: the schema of each item; for a map with free keys: the schema of each value.</summary>
    public PropertySchema? Items { get; init; }

    /// <summary>For a map with known keys: its keys.</summary>
    public ImmutableArray<PropertySchema> Properties { get; init; } = [];

    /// <summary>Marks a deprecated alias (e.g. network_id for network).</summary>
    public string? SupersededBy { get; init; }

    public bool IsSecret { get; init; }

    public PropertySchema? FindProperty(string name) => Properties.FirstOrDefault(p => p.Name == name);
}

public sealed record AttributeSchema(string Name, string? Description = null);

/// <summary>A resource type: its service, properties and attributes. OpenProperties/OpenAttributes accept any name
/// (OS::Heat::None's properties; a software deployment's outputs).</summary>
public sealed record ResourceTypeSchema(string Type, string Service, ImmutableArray<PropertySchema> Properties, ImmutableArray<AttributeSchema> Attributes)
{
    public bool OpenProperties { get; init; }

    public bool OpenAttributes { get; init; }

    /// <summary>At least one property of each set is required (e.g. network or network_id).</summary>
    public ImmutableArray<ImmutableArray<string>> RequiredOneOf { get; init; } = [];

    public PropertySchema? FindProperty(string name) => Properties.FirstOrDefault(p => p.Name == name);

    public AttributeSchema? FindAttribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);
}
