using System.Text.Json.Nodes;
using Nuvola.Cloud.Hypervisors.Namespaces;
using Nuvola.Cloud.Hypervisors.Namespaces.Networking;

namespace Nuvola.Cloud.Tests.Hypervisors.Namespaces;

public sealed class ConfigDriveTests
{
    private static readonly InstanceMetadata Metadata = new(
        "5d1c4a6e-0000-4000-8000-000000000001", "vm1", "vm1", "proj", 0, "nova", "key1", "ssh-ed25519 AAAA k",
        new Dictionary<string, string> { ["role"] = "web" }, "#!/bin/sh\necho hi\n",
        [new InstancePort("port-1", "net-1", "fa:16:3e:00:00:01", 1500, [new InstanceAddress("10.0.0.5", 26, "10.0.0.1")])]);

    [Fact]
    public void MetaDataCarriesTheKeysAndNetworkDataTheAddresses()
    {
        var documents = ConfigDrive.Documents(Metadata);
        var meta = JsonNode.Parse(documents["meta_data.json"])!;
        Assert.Equal(Metadata.InstanceId, (string?)meta["uuid"]);
        Assert.Equal("ssh-ed25519 AAAA k", (string?)meta["public_keys"]!["key1"]);
        Assert.Equal("web", (string?)meta["meta"]!["role"]);
        var network = JsonNode.Parse(documents["network_data.json"])!;
        Assert.Equal("fa:16:3e:00:00:01", (string?)network["links"]![0]!["ethernet_mac_address"]);
        Assert.Equal("255.255.255.192", (string?)network["networks"]![0]!["netmask"]);
        Assert.Equal("10.0.0.1", (string?)network["networks"]![0]!["routes"]![0]!["gateway"]);
        Assert.Equal(Metadata.UserData, documents["user_data"]);
    }

    [Fact]
    public void TheDirectoryHoldsEveryVersionAndNoUserDataWhenThereIsNone()
    {
        var directory = Directory.CreateTempSubdirectory("nuvola-config-drive-");
        try
        {
            ConfigDrive.Write(directory.FullName, Metadata with { UserData = null });
            Assert.True(File.Exists(Path.Combine(directory.FullName, "openstack", "latest", "meta_data.json")));
            Assert.True(File.Exists(Path.Combine(directory.FullName, "openstack", "2012-08-10", "network_data.json")));
            Assert.False(File.Exists(Path.Combine(directory.FullName, "openstack", "latest", "user_data")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
