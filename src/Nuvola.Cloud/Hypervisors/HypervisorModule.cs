using Microsoft.Extensions.Hosting;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Hypervisors.Namespaces;
using Nuvola.Cloud.Hypervisors.Namespaces.Networking;

namespace Nuvola.Cloud.Hypervisors;

/// <summary>
/// Chooses the cloud's hypervisor from <see cref="CloudOptions.Hypervisor"/>: "fake" (the default) or "namespace"; when
/// the machine cannot run namespace instances the cloud says why at start and uses the fake one.
/// </summary>
public static partial class HypervisorModule
{
    public const string Fake = "fake";
    public const string Namespace = "namespace";

    public static IReadOnlyList<string> Kinds { get; } = [Fake, Namespace];

    public static IServiceCollection AddHypervisor(this IServiceCollection services, CloudOptions options)
    {
        var choice = new HypervisorChoice(Fake, null);
        if (options.Hypervisor == Namespace)
        {
            var reason = NamespaceSupport.Unavailable();
            choice = reason is null ? new HypervisorChoice(Namespace, null) : new HypervisorChoice(Fake, reason);
        }

        services.AddSingleton(choice);
        services.AddHostedService<HypervisorAnnouncement>();
        if (choice.Kind == Namespace)
        {
            services.AddSingleton<NamespaceHypervisor>();
            services.AddSingleton<IHypervisor>(provider => provider.GetRequiredService<NamespaceHypervisor>());
            services.AddSingleton<NetworkReconciler>();
            services.AddHostedService<NamespaceLifecycle>();
            services.AddHostedService(provider => new CloudProxy(
                provider.GetRequiredService<CloudOptions>(), provider.GetRequiredService<NetworkReconciler>(), provider.GetRequiredService<ILogger<CloudProxy>>()));
        }

        return services;
    }
}

/// <summary>The hypervisor in use, and why the namespace one was not when it was asked for (null otherwise).</summary>
public sealed record HypervisorChoice(string Kind, string? FallbackReason);

/// <summary>Says at start which hypervisor runs the instances.</summary>
internal sealed partial class HypervisorAnnouncement(HypervisorChoice choice, ILogger<HypervisorAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (choice.FallbackReason is { } reason)
        {
            LogFallback(logger, reason);
        }
        else
        {
            LogChoice(logger, choice.Kind);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 76, Level = LogLevel.Information, Message = "Hypervisor: {Kind}")]
    private static partial void LogChoice(ILogger logger, string kind);

    [LoggerMessage(EventId = 77, Level = LogLevel.Warning, Message = "The namespace hypervisor cannot run on this machine ({Reason}); using the fake hypervisor (servers reach ACTIVE, nothing runs)")]
    private static partial void LogFallback(ILogger logger, string reason);
}
