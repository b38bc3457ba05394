namespace Nuvola.Drivers.OpenStack.Config;

/// <summary>The cloud asked for cannot be configured (not found, no auth URL, unreadable file); the message says why
/// and names the files looked at.</summary>
public sealed class CloudConfigException : Exception
{
    public CloudConfigException()
    {
    }

    public CloudConfigException(string message)
        : base(message)
    {
    }

    public CloudConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
