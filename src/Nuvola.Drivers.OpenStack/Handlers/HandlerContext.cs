using Nuvola.Drivers.OpenStack.Session;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>What every handler shares: the session, the name resolver, the waiting rules.</summary>
internal sealed class HandlerContext(OpenStackSession session, OpenStackDriverOptions options)
{
    public OpenStackSession Session => session;

    public OpenStackDriverOptions Options => options;

    public NameResolver Names { get; } = new(session);

    public Waiter Waiter { get; } = new(options);

    public ResourceApi Api(string type, string name) => new(session, $"{type} '{name}'");

    public ResourceApi Api(string type) => new(session, type);
}
