using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Network;

/// <summary>
/// The life of a Network test class: a fresh cloud per test, Neutron clients as admin and demo, and at the end
/// the check that the server answered no 5xx and threw nothing. Derived classes add their own set-up.
/// </summary>
public abstract class NeutronTestBase : IAsyncLifetime
{
    protected TestCloud Cloud { get; private set; } = null!;

    protected NeutronClient Admin { get; private set; } = null!;

    protected NeutronClient Demo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cloud = await TestCloud.StartAsync();
        Admin = await NeutronClient.ForAsync(Cloud, "admin");
        Demo = await NeutronClient.ForAsync(Cloud, "demo");
        await SetUpAsync();
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        Demo.Dispose();
        Assert.Empty(Cloud.Log.Faults());
        await Cloud.DisposeAsync();
    }

    /// <summary>Runs after the cloud and clients are ready.</summary>
    protected virtual Task SetUpAsync() => Task.CompletedTask;

    /// <summary>The id of the cloud's external network <c>public</c>, as demo sees it.</summary>
    protected async Task<string> PublicNetworkIdAsync() =>
        (await Demo.GetAsync("networks?name=public")).Body!["networks"]![0]!["id"]!.ToString();
}
