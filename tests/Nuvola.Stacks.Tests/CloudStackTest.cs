using Nuvola.Drivers.OpenStack;
using Nuvola.Drivers.OpenStack.Config;
using Nuvola.Testing;

namespace Nuvola.Stacks.Tests;

/// <summary>
/// The lifecycle of tests that run the stack service with the real OpenStack driver against a real embedded cloud
/// (127.0.0.1): the cloud (with <paramref name="profile"/>), a driver signed in as <paramref name="cloudName"/> of the
/// clouds.yaml the cloud wrote, a state directory; at the end, no fault in the cloud's log.
/// </summary>
public abstract class CloudStackTest(string? profile, string cloudName) : IAsyncLifetime
{
    protected TestCloud Cloud { get; private set; } = null!;

    protected OpenStackDriver Driver { get; private set; } = null!;

    protected string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), "nuvola-stacks-cloud-" + Guid.NewGuid().ToString("N")[..12]);

    public async Task InitializeAsync()
    {
        Cloud = await TestCloud.StartAsync(profile: profile);
        Driver = OpenStackDriver.FromConfig(
            CloudConfigLoader.Load(cloudName, new ConfigSources(_ => null, Cloud.DataDirectory, "/nonexistent", "/nonexistent")),
            options: new OpenStackDriverOptions
            {
                PollInterval = TimeSpan.FromMilliseconds(10),
                MaxPollInterval = TimeSpan.FromMilliseconds(100),
            });
    }

    public async Task DisposeAsync()
    {
        Driver.Dispose();
        Assert.Empty(Cloud.Log.Faults());
        await Cloud.DisposeAsync();
        if (Directory.Exists(StateDirectory))
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
    }
}
