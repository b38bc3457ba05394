using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Config;
using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Planning;
using Nuvola.Testing;

namespace Nuvola.Drivers.OpenStack.Tests.Handlers;

public sealed class ServerFailureTests
{
    [Fact]
    public async Task A_server_that_goes_to_error_fails_with_the_fault_and_its_id_and_can_be_deleted()
    {
        await using var cloud = await TestCloud.StartAsync(tune: o => o with { FailBuildMarker = "fail-me" });
        using var driver = OpenStackDriver.FromConfig(
            CloudConfigLoader.Load("demo", new ConfigSources(_ => null, cloud.DataDirectory, "/nonexistent", "/nonexistent")),
            options: new OpenStackDriverOptions { PollInterval = TimeSpan.FromMilliseconds(10), MaxPollInterval = TimeSpan.FromMilliseconds(100) });
        var spec = new Engine.Applying.ResourceSpec("s", "vm", "OS::Nova::Server", System.Text.Json.JsonSerializer.SerializeToElement(new JsonObject
        {
            ["name"] = "vm-fail-me",
            ["image"] = "cirros-0.6.2-x86_64-disk",
            ["flavor"] = "m1.tiny",
            ["networks"] = new JsonArray(new JsonObject { ["network"] = "private" }),
        }), Engine.Applying.EngineTags.For("s", "vm"));

        var e = await Assert.ThrowsAsync<OpenStackApiException>(() => driver.CreateAsync(spec));
        Assert.NotNull(e.PhysicalId);
        Assert.Contains("went to ERROR", e.Message, StringComparison.Ordinal);
        Assert.Contains("fake hypervisor was told to fail", e.CloudMessage, StringComparison.Ordinal);
        Assert.False(e.IsTransient);

        await driver.DeleteAsync("OS::Nova::Server", e.PhysicalId);
        Assert.Null(await driver.ReadAsync("OS::Nova::Server", e.PhysicalId));
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public void Type_schemas_follow_the_catalogue_and_fall_back_for_other_types()
    {
        var schemas = new OpenStackTypeSchemas(new ResourceTypeSchemas().Add("OS::Heat::RandomString", [], secretAttributes: ["value"]));
        Assert.True(schemas.IsUpdatable("OS::Nova::Server", "name"));
        Assert.False(schemas.IsUpdatable("OS::Nova::Server", "key_name"));
        Assert.True(schemas.IsUpdatable("OS::Cinder::Volume", "size"));
        Assert.False(schemas.IsUpdatable("OS::Neutron::Subnet", "cidr"));
        Assert.Equal(ReplaceStrategy.DeleteBeforeCreate, schemas.GetReplaceStrategy("OS::Nova::KeyPair"));
        Assert.Equal(ReplaceStrategy.CreateBeforeDelete, schemas.GetReplaceStrategy("OS::Nova::Server"));
        Assert.True(schemas.IsSecretAttribute("OS::Heat::RandomString", "value"));
        Assert.False(schemas.IsUpdatable("OS::Heat::RandomString", "length"));
        Assert.Contains("OS::Keystone::UserRoleAssignment", OpenStackDriver.SupportedTypes);
    }
}
