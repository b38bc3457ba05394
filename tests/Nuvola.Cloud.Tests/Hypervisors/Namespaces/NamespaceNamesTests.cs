using Nuvola.Cloud.Hypervisors.Namespaces;
using Nuvola.Cloud.Hypervisors.Namespaces.Networking;

namespace Nuvola.Cloud.Tests.Hypervisors.Namespaces;

public sealed class NamespaceNamesTests
{
    [Fact]
    public void EveryNameCarriesThePrefixAndMapsBackToItsObject()
    {
        var names = NamespaceNames.ForDataDirectory("/tmp/some-cloud");
        Assert.Matches("^nv[0-9a-f]{4}$", names.Prefix);
        Assert.Equal(names.Prefix, NamespaceNames.ForDataDirectory("/tmp/some-cloud").Prefix);
        var id = Guid.NewGuid().ToString("D");
        Assert.Equal(id, names.InstanceIdOf(names.Instance(id)));
        Assert.Equal(id, names.RouterIdOf(names.Router(id)));
        Assert.Null(names.InstanceIdOf(names.Router(id)));
        Assert.True(names.Owns(names.Fabric));
        Assert.False(names.Owns("eth0"));
        Assert.False(names.Owns(names.Prefix + "x-fabric"));
        Assert.NotEqual(names.Prefix, NamespaceNames.ForDataDirectory("/tmp/other-cloud").Prefix);
    }

    [Fact]
    public void InterfaceNamesFitTheKernelsFifteenCharacters()
    {
        var id = Guid.NewGuid().ToString("D");
        Assert.True(NamespaceNames.Bridge(id).Length <= 15);
        Assert.True(NamespaceNames.FabricEnd(id).Length <= 15);
        Assert.True(NamespaceNames.RouterEnd("qr-", id).Length <= 15);
        Assert.True(NamespaceNames.ForDataDirectory("/x").HostInterface.Length <= 15);
    }

    [Theory]
    [InlineData("172.24.4.0/24", "192.0.2.0/24", false)]
    [InlineData("192.0.2.0/24", "192.0.2.0/24", true)]
    [InlineData("192.0.2.0/24", "192.0.2.1/32", true)]
    [InlineData("10.0.0.0/8", "10.200.0.0/16", true)]
    [InlineData("10.0.0.0/26", "10.0.0.64/26", false)]
    public void OverlapOfTwoCidrs(string a, string b, bool overlap) => Assert.Equal(overlap, NetworkReconciler.Overlaps(a, b));
}
