using System.Security.Cryptography;
using System.Text;
using Nuvola.Model.Topology;

namespace Nuvola.Cloud.Orchestration;

/// <summary>
/// Heat shows a template resource as a stack of its own (its resource's physical id, a name and an id, a parent);
/// the engine expands it into the root stack's resources under the prefix "resource.". These are the records that
/// present each such resource as that stack: made from the compiled template at create and update, found by id or
/// name, and read through the root's engine state filtered by the prefix.
/// </summary>
public static class NestedStacks
{
    /// <summary>The id of the nested stack of <paramref name="resource"/> in stack <paramref name="parentId"/> (stable: a hash of both).</summary>
    public static string Id(string parentId, string resource) =>
        new Guid(MD5.HashData(Encoding.UTF8.GetBytes(parentId + "/" + resource))).ToString();

    /// <summary>The root record with every nested stack of its template (any depth) in <see cref="HeatStackRecord.Nested"/>.</summary>
    public static HeatStackRecord Attach(HeatStackRecord root, TemplateTopology topology)
    {
        var nested = new List<HeatStackRecord>();
        Collect(root, root, topology, string.Empty, nested, 0);
        return root with { Nested = nested };
    }

    private static void Collect(HeatStackRecord root, HeatStackRecord parent, TemplateTopology topology, string prefix, List<HeatStackRecord> into, int depth)
    {
        if (depth >= 10)
        {
            return;
        }

        foreach (var resource in topology.Resources)
        {
            if (!topology.NestedTemplates.TryGetValue(resource.ResolvedType, out var child) && !topology.NestedTemplates.TryGetValue(resource.Type, out child))
            {
                continue;
            }

            var id = Id(parent.Id, resource.Name);
            var record = new HeatStackRecord
            {
                Id = id,
                Name = $"{parent.Name}-{resource.Name}-{id.Replace("-", string.Empty, StringComparison.Ordinal)[..12]}",
                ProjectId = root.ProjectId,
                Owner = root.Owner,
                EngineKey = root.EngineKey,
                Template = root.Files.TryGetValue(resource.ResolvedType, out var text) || root.Files.TryGetValue(resource.Type, out text) ? text : "{}",
                Files = root.Files,
                TimeoutMinutes = root.TimeoutMinutes,
                DisableRollback = root.DisableRollback,
                Description = child.Description,
                ParentId = parent.Id,
                RootId = root.Id,
                NestedPrefix = prefix + resource.Name + ".",
                Resources = TemplateCheck.Outline(child),
                OutputNames = [.. child.Outputs.Select(o => o.Name)],
                CreatedAt = root.CreatedAt,
            };
            into.Add(record);
            Collect(root, record, child, record.NestedPrefix, into, depth + 1);
        }
    }

    /// <summary>The nested stack (id or name) of one of the project's stacks, as the API shows it: its root's status and list of nested stacks.</summary>
    public static HeatStackRecord? Find(HeatStore store, string projectId, string idOrName)
    {
        foreach (var root in store.Stacks.Values)
        {
            if (root.ProjectId != projectId || root.Nested.Count == 0)
            {
                continue;
            }

            if (root.Nested.FirstOrDefault(n => n.Id == idOrName || n.Name == idOrName) is { } found)
            {
                return found with
                {
                    Nested = root.Nested,
                    Action = root.Action,
                    Status = root.Status,
                    StatusReason = root.StatusReason,
                    UpdatedAt = root.UpdatedAt,
                };
            }
        }

        return null;
    }

    /// <summary>The nested stack of <paramref name="resource"/> in <paramref name="stack"/>, or null when it is no template resource.</summary>
    public static HeatStackRecord? Of(HeatStackRecord stack, string resource)
    {
        var prefix = (stack.NestedPrefix ?? string.Empty) + resource + ".";
        return stack.Nested.FirstOrDefault(n => n.ParentId == stack.Id && n.NestedPrefix == prefix);
    }
}
