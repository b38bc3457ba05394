namespace Nuvola.Drivers.OpenStack.Session;

/// <summary>A service's versioned base URL and the microversion to send it (null: none).</summary>
internal sealed record ServiceEndpoint(string Url, ApiVersion? Microversion);
