using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.Hosting;

/// <summary>What each service's first-start bootstrap gets: the profile, the store, and the ids Identity created.</summary>
public sealed record BootstrapContext(
    CloudProfile Profile,
    CloudOptions Options,
    StateStore Store,
    TimeProvider Time,
    IReadOnlyDictionary<string, string> ProjectIds,
    string AdminProjectId,
    string AdminUserId);
