using Nuvola.Engine.Applying;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Planning;

/// <summary>
/// What a plan is made from: the desired resources, the recorded ones (with the stack's state version), the type
/// schemas, and optionally the cloud's view of each recorded resource (<see cref="DriftReader"/>): a missing key
/// means "not read", a null value means "gone from the cloud".
/// </summary>
public sealed record PlanRequest(
    string Stack,
    IReadOnlyList<DesiredResource> Desired,
    IReadOnlyList<ResourceRecord> Recorded,
    long StateVersion,
    IResourceTypeSchemas Schemas,
    IReadOnlyDictionary<string, ResourceSnapshot?>? Cloud = null);
