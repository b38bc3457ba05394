using System.Globalization;
using Nuvola.Drivers.OpenStack;
using Nuvola.Engine.State;
using Nuvola.Stacks;

namespace Nuvola.Cli.Stacks;

/// <summary>
/// The one place the command layer makes its <see cref="IStackService"/>: the real one over the state and the cloud
/// (custom constraints such as glance.image checked against it, its types' update-in-place rules). Software
/// deployments: NUVOLA_DEPLOYMENT_SIGNAL_TRANSPORT (Heat's default_deployment_signal_transport, default CFN_SIGNAL)
/// and NUVOLA_DEPLOYMENT_TIMEOUT (seconds a deployment waits for its signal, default 3600).
/// </summary>
internal static class StackServices
{
    private static readonly string[] Transports = ["CFN_SIGNAL", "TEMP_URL_SIGNAL", "HEAT_SIGNAL", "NO_SIGNAL", "ZAQAR_SIGNAL"];

    public static IStackService Create(IStateStore store, CloudDrivers clouds) =>
        new StackService(store, clouds, new StackServiceOptions
        {
            Holder = LeaseHolder.ForThisProcess(),
            DefaultCloud = clouds.Default,
            ChosenCloud = clouds.Chosen,
            CheckCloud = clouds.CheckName,
            CheckConstraint = clouds.CheckConstraintAsync,
            CloudSchemas = new OpenStackTypeSchemas(),
            DefaultSignalTransport = Transport(),
            SoftwareDeploymentTimeout = DeploymentTimeout(),
        });

    private static string Transport()
    {
        var value = Environment.GetEnvironmentVariable("NUVOLA_DEPLOYMENT_SIGNAL_TRANSPORT");
        if (string.IsNullOrEmpty(value))
        {
            return "CFN_SIGNAL";
        }

        return Transports.Contains(value)
            ? value
            : throw new CliException(ExitCodes.Usage, $"NUVOLA_DEPLOYMENT_SIGNAL_TRANSPORT={value} is not one of {string.Join(", ", Transports)}");
    }

    private static TimeSpan DeploymentTimeout()
    {
        var value = Environment.GetEnvironmentVariable("NUVOLA_DEPLOYMENT_TIMEOUT");
        if (string.IsNullOrEmpty(value))
        {
            return TimeSpan.FromHours(1);
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new CliException(ExitCodes.Usage, $"NUVOLA_DEPLOYMENT_TIMEOUT={value} is not a number of seconds above 0");
    }
}
