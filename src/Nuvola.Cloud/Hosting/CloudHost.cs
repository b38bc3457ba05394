using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Nuvola.Cloud.BlockStorage;
using Nuvola.Cloud.Compute;
using Nuvola.Cloud.Hypervisors;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Image;
using Nuvola.Cloud.Network;
using Nuvola.Cloud.Orchestration;
using Nuvola.Cloud.Storage;
using Nuvola.Engine.State;

namespace Nuvola.Cloud.Hosting;

/// <summary>
/// Builds the embedded cloud: one ASP.NET Core host on 127.0.0.1, one port, every service under its path prefix.
/// Request path: RequestLog → Error → Routing → Authentication (X-Auth-Token) → the service's endpoint.
/// </summary>
public static class CloudHost
{
    public const string StateFile = "nuvola.db";

    /// <param name="configure">Last word on the builder (tests swap in a test server or a fake clock).</param>
    public static WebApplication Build(CloudOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        PrivateFiles.Directory(options.DataDirectory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
            console.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => StateStore.Open(Path.Combine(options.DataDirectory, StateFile)));
        services.AddSingleton<PublicUrls>();
        services.AddSingleton(provider => new CloudRegion(Bootstrapper.Peek(provider.GetRequiredService<StateStore>())?.Region ?? "RegionOne"));
        services.AddRouting();
        services.AddIdentity();
        services.AddImage();
        services.AddHypervisor(options);
        services.AddCompute();
        services.AddNetwork();
        services.AddBlockStorage();
        services.AddOrchestration();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<ErrorMiddleware>();
        app.UseRouting();
        app.UseMiddleware<AuthenticationMiddleware>();
        app.MapIdentity();
        app.MapImage();
        app.MapCompute();
        app.MapNetwork();
        app.MapBlockStorage();
        app.MapOrchestration();
        return app;
    }

    /// <summary>Bootstraps on first start, starts listening, writes the client files, and returns the base URL.</summary>
    public static async Task<string> StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        var options = app.Services.GetRequiredService<CloudOptions>();
        var (meta, credentials) = Bootstrapper.EnsureBootstrapped(app.Services, options);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var baseUrl = address is null ? "http://127.0.0.1:" + options.Port : address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        if (address is not null)
        {
            app.Services.GetRequiredService<PublicUrls>().BaseUrl = baseUrl;
        }

        if (credentials is not null)
        {
            ClientConfigWriter.Write(options.DataDirectory, baseUrl, meta.Region, credentials);
        }
        else
        {
            ClientConfigWriter.UpdateAuthUrl(options.DataDirectory, baseUrl);
        }

        return baseUrl;
    }
}
