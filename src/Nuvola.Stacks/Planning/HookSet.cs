using System.Collections.Immutable;
using Nuvola.Templates;
using Nuvola.Templates.Hot;

namespace Nuvola.Stacks.Planning;

/// <summary>
/// The environment's breakpoints, matched against full logical names: a name's segments (split at '.') against the
/// hook's path element by element, where an element ending in '*' is a prefix (so `*` matches any one segment).
/// </summary>
internal sealed class HookSet(ImmutableArray<ResourceHook> hooks)
{
    public bool IsEmpty => hooks.IsEmpty;

    public bool Has(string fullName, HookPoint point)
    {
        if (hooks.IsEmpty)
        {
            return false;
        }

        var name = point switch
        {
            HookPoint.PreCreate => "pre-create",
            HookPoint.PreUpdate => "pre-update",
            _ => "pre-delete",
        };
        var segments = fullName.Split('.');
        return hooks.Any(h => h.Hooks.Contains(name) && Matches(h.Path, segments));
    }

    private static bool Matches(ImmutableArray<string> path, string[] segments) =>
        path.Length == segments.Length && path.Zip(segments).All(p => p.First.EndsWith('*')
            ? p.Second.StartsWith(p.First[..^1], StringComparison.Ordinal)
            : p.First == p.Second);
}
