using Nuvola.Model.Topology;

namespace Nuvola.Stacks.Expansion;

/// <summary>
/// The expanded stack: every node by full name (in declaration order, members before their aggregate), the names
/// left out by a false condition, and the in-memory files (get_file at apply time).
/// </summary>
internal sealed class StackGraph(TemplateTopology topology, IReadOnlyDictionary<string, string> files, bool filesOnly = false,
    string? cloud = null)
{
    public TemplateTopology Topology { get; } = topology;

    public StackScope Root { get; } = new(topology, string.Empty, null, null, cloud);

    public IReadOnlyDictionary<string, string> Files { get; } = files;

    /// <summary>Templates met while expanding (OS::Heat::Stack) read files from <see cref="Files"/> only (the Heat API).</summary>
    public bool FilesOnly { get; } = filesOnly;

    public Dictionary<string, StackNode> Nodes { get; } = new(StringComparer.Ordinal);

    public List<StackNode> Order { get; } = [];

    public HashSet<string> Absent { get; } = new(StringComparer.Ordinal);

    public void Add(StackNode node)
    {
        Nodes[node.Name] = node;
        Order.Add(node);
    }
}
