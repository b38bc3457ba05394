using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>One resource type's mapping from HOT properties to API calls (the driver dispatches by type).</summary>
internal interface IResourceHandler
{
    string Type { get; }

    Task<ResourceSnapshot> CreateAsync(HandlerContext context, ResourceSpec spec, CancellationToken cancellationToken);

    Task<ResourceSnapshot> UpdateAsync(HandlerContext context, ResourceSpec spec, ResourceSnapshot current,
        CancellationToken cancellationToken);

    Task DeleteAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken);

    Task<ResourceSnapshot?> ReadAsync(HandlerContext context, string physicalId, CancellationToken cancellationToken);

    /// <summary>Objects of this type carrying the stack's tag; types whose objects cannot carry tags return none.</summary>
    Task<IReadOnlyList<TaggedResource>> FindTaggedAsync(HandlerContext context, string stack, CancellationToken cancellationToken);
}
