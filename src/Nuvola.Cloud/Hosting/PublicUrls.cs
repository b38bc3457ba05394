namespace Nuvola.Cloud.Hosting;

/// <summary>The cloud's public base URL (http://127.0.0.1:PORT), known once the server listens; else taken from the request.</summary>
public sealed class PublicUrls
{
    public string? BaseUrl { get; set; }

    public string For(HttpContext context) => BaseUrl ?? $"{context.Request.Scheme}://{context.Request.Host}";
}
