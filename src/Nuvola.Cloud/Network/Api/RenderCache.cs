using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Nuvola.Cloud.Network.Api;

/// <summary>
/// The rendered JSON (UTF-8) of immutable records, kept while the record lives. A change to a record is a new record
/// object (and a new revision), so an entry is never stale; a removed record's entry goes with it.
/// </summary>
public sealed class RenderCache<T>
    where T : class
{
    private readonly ConditionalWeakTable<T, byte[]> _rendered = [];

    public byte[] Get(T record, Func<T, JsonObject> render) =>
        _rendered.GetValue(record, r => System.Text.Encoding.UTF8.GetBytes(render(r).ToJsonString()));
}

/// <summary>Network's render caches: ports as admin sees them (binding:*) and as anyone else does.</summary>
public sealed class NeutronRenderCache
{
    public RenderCache<PortRecord> AdminPorts { get; } = new();

    public RenderCache<PortRecord> Ports { get; } = new();

    public byte[] Port(PortRecord port, bool admin) =>
        admin ? AdminPorts.Get(port, p => NeutronJson.Port(p, admin: true)) : Ports.Get(port, p => NeutronJson.Port(p, admin: false));
}
