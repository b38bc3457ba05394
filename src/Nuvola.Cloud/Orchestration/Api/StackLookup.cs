using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Orchestration.Api;

/// <summary>Finds the stack a request names (`{stack_name}/{stack_id}`), or answers Heat's 404.</summary>
public static class StackLookup
{
    public static HeatStackRecord Find(HeatStore store, HttpContext context, string name, string id)
    {
        var project = HeatRequest.ProjectOf(context);
        var stack = store.Stacks.Find(id) ?? NestedStacks.Find(store, project, id);
        if (stack is null || stack.ProjectId != project || (stack.Name != name && stack.Id != name))
        {
            throw NotFound(name);
        }

        return stack;
    }

    /// <summary>A nested stack changes only through its parent (the engine runs it inside its root stack): 400.</summary>
    public static HeatStackRecord TopLevel(HeatStackRecord stack) => stack.NestedPrefix is null ? stack
        : throw ApiException.BadRequest($"Stack {stack.Name} is a nested stack of resource '{stack.NestedPrefix.TrimEnd('.')}'; update or delete its parent stack instead.");

    public static ApiException NotFound(string name) => ApiException.NotFound($"The Stack ({name}) could not be found.", "EntityNotFound");

    public static ApiException ResourceNotFound(string resource, string stack) =>
        ApiException.NotFound($"The Resource ({resource}) could not be found in Stack {stack}.", "ResourceNotFound");
}
