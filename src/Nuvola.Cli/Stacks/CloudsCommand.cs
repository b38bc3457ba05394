using System.CommandLine;
using System.Text.Json.Nodes;
using Nuvola.Cli.Cloud;
using Nuvola.Cli.Output;
using Nuvola.Engine.Clouds;

namespace Nuvola.Cli.Stacks;

/// <summary>
/// `nuvola clouds [--check]`: every configured cloud (each family's provider: OpenStack's clouds.yaml/secure.yaml and
/// OS_*), with its family, region, account and where its configuration came from, plus the embedded cloud; with
/// --check, whether each answers (authenticates).
/// </summary>
internal static class CloudsCommand
{
    public static Command Create()
    {
        var check = new Option<bool>("--check") { Description = "Authenticate to each cloud and say whether it answers (the embedded cloud: whether it runs; it is not started)." };
        var format = Formats.Option();
        var command = new Command("clouds", "List the clouds Nuvola can deploy to: configured clouds (clouds.yaml, OS_*) and the embedded one.") { check, format };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var clouds = CloudDrivers.Providers.SelectMany(p => p.List()).ToList();
            var home = StateLocation.Home();
            clouds.Add(new CloudDescription(CloudTarget.Embedded, "openstack", null, "demo/demo",
                $"nuvola cloud serve ({EmbeddedCloud.DataDirectory(home)})"));
            var status = new Dictionary<string, string>(StringComparer.Ordinal);
            if (parse.GetValue(check))
            {
                using var drivers = CloudDrivers.Choose(null);
                foreach (var cloud in clouds)
                {
                    status[cloud.Name] = cloud.Name == CloudTarget.Embedded
                        ? await EmbeddedCloud.FindRunningAsync(EmbeddedCloud.DataDirectory(home), cancellationToken) is not null ? "ok" : "not running"
                        : await drivers.CheckAsync(cloud.Name, "OS::Neutron::Net", cancellationToken) is { } why ? $"unavailable: {why}" : "ok";
                }
            }

            var output = Formats.Parse(parse.GetValue(format));
            if (output != OutputFormat.Table)
            {
                Formats.Write(Console.Out, output, new JsonObject
                {
                    ["clouds"] = new JsonArray([.. clouds.Select(c =>
                    {
                        var node = new JsonObject
                        {
                            ["name"] = c.Name,
                            ["family"] = c.Family,
                            ["region"] = c.Region,
                            ["account"] = c.Account,
                            ["source"] = c.Source,
                        };
                        if (status.TryGetValue(c.Name, out var s))
                        {
                            node["status"] = s;
                        }

                        return (JsonNode?)node;
                    })]),
                });
                return ExitCodes.Success;
            }

            var table = status.Count > 0
                ? new TextTable("NAME", "FAMILY", "REGION", "ACCOUNT", "SOURCE", "STATUS")
                : new TextTable("NAME", "FAMILY", "REGION", "ACCOUNT", "SOURCE");
            foreach (var c in clouds)
            {
                string?[] cells = [c.Name, c.Family, c.Region ?? "-", c.Account ?? "-", c.Source];
                table.Add(status.Count > 0 ? [.. cells, status[c.Name]] : cells);
            }

            await Console.Out.WriteAsync(table.ToString());
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
