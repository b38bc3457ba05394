using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Hypervisors;

namespace Nuvola.Cli.Cloud;

/// <summary>`nuvola cloud serve`: runs the embedded cloud in the foreground until SIGTERM or Ctrl-C.</summary>
internal static class CloudServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (0: any free port).", DefaultValueFactory = _ => 5000 };
        var dataDir = new Option<string>("--data-dir") { Description = "Directory for state, image data, clouds.yaml and openrc files (default: $NUVOLA_HOME/cloud, else ./.nuvola/cloud: the cloud the stack commands use).", DefaultValueFactory = _ => EmbeddedCloud.DataDirectory(Stacks.StateLocation.Home()) };
        var profile = new Option<string?>("--profile") { Description = $"Objects to pre-load at first start: {string.Join(", ", CloudProfile.Available())}." };
        var buildDelay = new Option<double>("--build-delay") { Description = "Seconds a fake server spends in BUILD before ACTIVE.", DefaultValueFactory = _ => 0 };
        var hypervisor = new Option<string>("--hypervisor")
        {
            Description = "What runs the servers: fake (nothing runs) or namespace (Linux namespaces with sshd; root only, else the fake one).",
            DefaultValueFactory = _ => HypervisorModule.Fake,
        };
        hypervisor.AcceptOnlyFromAmong([.. HypervisorModule.Kinds]);
        var noHostInterface = new Option<bool>("--no-host-interface")
        {
            Description = "Namespace hypervisor: leave the host's interfaces alone; floating IPs are then reached with `nuvola cloud proxy` only.",
        };
        var quiet = new Option<bool>("--quiet") { Description = "Do not log one line per request." };
        var command = new Command("serve", "Run the embedded OpenStack cloud (Identity, Compute, Image, Network) on 127.0.0.1.")
        {
            port, dataDir, profile, buildDelay, hypervisor, noHostInterface, quiet,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var profileName = parse.GetValue(profile);
            if (profileName is not null && !CloudProfile.Available().Contains(profileName))
            {
                await Console.Error.WriteLineAsync($"nuvola: unknown profile '{profileName}'; known profiles: {string.Join(", ", CloudProfile.Available())}");
                return ExitCodes.Usage;
            }

            var options = new CloudOptions
            {
                Port = parse.GetValue(port),
                DataDirectory = Path.GetFullPath(parse.GetValue(dataDir)!),
                Profile = profileName,
                AdminPassword = Environment.GetEnvironmentVariable("NUVOLA_ADMIN_PASSWORD") is { Length: > 0 } admin ? admin : null,
                DemoPassword = Environment.GetEnvironmentVariable("NUVOLA_DEMO_PASSWORD") is { Length: > 0 } demo ? demo : null,
                BuildDelay = TimeSpan.FromSeconds(parse.GetValue(buildDelay)),
                LogRequests = !parse.GetValue(quiet),
                Hypervisor = parse.GetValue(hypervisor)!,
                HostInterface = !parse.GetValue(noHostInterface),
            };
            return await RunAsync(options, cancellationToken);
        });
        return command;
    }

    private static string HypervisorLine(HypervisorChoice choice) =>
        choice.FallbackReason is { } reason ? $"fake hypervisor (namespace hypervisor unavailable: {reason})" : choice.Kind + " hypervisor";

    private static async Task<int> RunAsync(CloudOptions options, CancellationToken cancellationToken)
    {
        await using var app = CloudHost.Build(options);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopping.Cancel();
        });
        string baseUrl;
        try
        {
            baseUrl = await CloudHost.StartAsync(app, cancellationToken);
        }
        catch (IOException exception)
        {
            await Console.Error.WriteLineAsync($"nuvola: cannot listen on 127.0.0.1:{options.Port}: {exception.Message}");
            return ExitCodes.Failure;
        }

        EmbeddedCloud.WriteEndpoint(options.DataDirectory, baseUrl);
        Console.WriteLine($"""
            Nuvola embedded cloud listening on {baseUrl}
              Identity: {baseUrl}/identity/v3
              Data:     {options.DataDirectory}
              Servers:  {HypervisorLine(app.Services.GetRequiredService<HypervisorChoice>())}
            Use it with the openstack client:
              export OS_CLIENT_CONFIG_FILE={Path.Combine(options.DataDirectory, ClientConfigWriter.CloudsFile)}
              openstack --os-cloud admin server list     (or --os-cloud demo)
            or source {Path.Combine(options.DataDirectory, "admin-openrc.sh")}
            """);
        if (app.Services.GetRequiredService<HypervisorChoice>().Kind == HypervisorModule.Namespace)
        {
            Console.WriteLine($"SSH to a floating IP from anywhere on this machine:\n  ssh -o ProxyCommand='nuvola cloud proxy --data-dir {options.DataDirectory} %h %p' root@FLOATING_IP");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }

        EmbeddedCloud.RemoveEndpoint(options.DataDirectory);
        await app.StopAsync(CancellationToken.None);
        return ExitCodes.Success;
    }
}
