using Nuvola.Model.Topology;

namespace Nuvola.Stacks.Expansion;

/// <summary>What a node of the expanded stack is.</summary>
internal enum NodeKind
{
    /// <summary>A resource a driver creates (cloud or internal).</summary>
    Resource,

    /// <summary>The aggregate of a ResourceGroup or AutoScalingGroup: its members are <c>name.0</c>, <c>name.1</c>, ….</summary>
    Group,

    /// <summary>The aggregate of a nested stack (template resource, OS::Heat::Stack): its resources are <c>name.child</c>.</summary>
    Nested,
}

/// <summary>
/// One resource of the expanded stack under its full logical name. <see cref="Properties"/> are evaluated in
/// <see cref="Scope"/>; for a nested stack they are the inner template's parameters, and <see cref="Inner"/> is the
/// scope its resources live in.
/// </summary>
internal sealed class StackNode(string name, string type, NodeKind kind, StackScope scope, Resource source)
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    public NodeKind Kind { get; } = kind;

    public StackScope Scope { get; } = scope;

    /// <summary>The template resource this node comes from (a group member: the group's).</summary>
    public Resource Source { get; } = source;

    public MapExpression? Properties { get; init; }

    public List<string> DependsOn { get; } = [];

    /// <summary>Group: members in index order; nested: the inner stack's top-level nodes.</summary>
    public List<string> Members { get; } = [];

    /// <summary>Group members: the index key ("0", "1", …).</summary>
    public string? Index { get; init; }

    public StackScope? Inner { get; set; }

    /// <summary>Group: the member count; auto-scaling group: min and max size.</summary>
    public long Count { get; set; }

    public long? MinSize { get; set; }

    public long? MaxSize { get; set; }

    public bool Retain => Source.DeletionPolicy == DeletionPolicy.Retain;
}

/// <summary>
/// Where expressions are evaluated: a template, the prefix of its resources' full names, and where its parameters
/// come from (the root: the supplied values; a nested stack: its owner node's properties). <see cref="Cloud"/> is
/// the target its resources live in: the run's at the root, inherited by nested stacks unless an OS::Heat::Stack's
/// <c>context</c> names another region or cloud.
/// </summary>
internal sealed class StackScope(TemplateTopology topology, string prefix, StackScope? parent, StackNode? owner,
    string? cloud = null)
{
    public string? Cloud { get; } = cloud;

    public TemplateTopology Topology { get; } = topology;

    public string Prefix { get; } = prefix;

    public StackScope? Parent { get; } = parent;

    public StackNode? Owner { get; } = owner;

    public string FullName(string resource) => Prefix + resource;
}
