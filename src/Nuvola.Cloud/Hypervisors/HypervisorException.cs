namespace Nuvola.Cloud.Hypervisors;

/// <summary>An operation the hypervisor could not carry out; the message becomes the server's fault.</summary>
public sealed class HypervisorException(string message) : Exception(message);
