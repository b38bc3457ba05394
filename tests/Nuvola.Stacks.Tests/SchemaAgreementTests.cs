using Nuvola.Drivers.OpenStack;
using Nuvola.Engine.Planning;
using Nuvola.Model.Schemas;
using Nuvola.Stacks.Planning;

namespace Nuvola.Stacks.Tests;

/// <summary>
/// The stack service's and the OpenStack driver's views of the catalogue give the same answers (one source:
/// ReplacementFacts): update in place or replace for every property (and one the schema does not know),
/// delete-before-create, secret attributes.
/// </summary>
public sealed class SchemaAgreementTests
{
    public static TheoryData<string> DriverTypes() => [.. ResourceTypeCatalog.All.Select(t => t.Type).Where(OpenStackDriver.SupportedTypes.Contains)];

    [Theory]
    [MemberData(nameof(DriverTypes))]
    public void The_stack_service_and_the_driver_agree_on_every_fact_of_a_driver_type(string type)
    {
        var schema = ResourceTypeCatalog.Find(type)!;
        IResourceTypeSchemas stacks = new StackSchemas(null);
        IResourceTypeSchemas driver = new OpenStackTypeSchemas();
        IResourceTypeSchemas both = new StackSchemas(new OpenStackTypeSchemas());

        foreach (var property in schema.Properties.Select(p => p.Name).Append("no_such_property"))
        {
            var expected = driver.IsUpdatable(type, property);
            Assert.True(expected == stacks.IsUpdatable(type, property) && expected == both.IsUpdatable(type, property), $"{type}.{property}");
        }

        Assert.Equal(driver.GetReplaceStrategy(type), stacks.GetReplaceStrategy(type));
        Assert.Equal(driver.GetReplaceStrategy(type), both.GetReplaceStrategy(type));
        foreach (var attribute in schema.Attributes.Select(a => a.Name))
        {
            Assert.Equal(driver.IsSecretAttribute(type, attribute), stacks.IsSecretAttribute(type, attribute));
        }
    }

    [Fact]
    public void The_facts_are_heats()
    {
        IResourceTypeSchemas stacks = new StackSchemas(null);

        Assert.True(ResourceTypeCatalog.All.Count(t => OpenStackDriver.SupportedTypes.Contains(t.Type)) > 20);
        Assert.False(stacks.IsUpdatable("OS::Nova::Server", "image_update_policy_unknown"));
        Assert.False(stacks.IsUpdatable("OS::Nova::Server", "key_name"));
        Assert.True(stacks.IsUpdatable("OS::Nova::Server", "flavor"));
        Assert.True(stacks.IsUpdatable("OS::Heat::None", "anything"));
        Assert.Equal(ReplaceStrategy.DeleteBeforeCreate, stacks.GetReplaceStrategy("OS::Keystone::Role"));
        Assert.Equal(ReplaceStrategy.CreateBeforeDelete, stacks.GetReplaceStrategy("OS::Nova::Server"));
        Assert.True(stacks.IsSecretAttribute("OS::Nova::KeyPair", "private_key"));
        Assert.True(new OpenStackTypeSchemas().IsSecretAttribute("OS::Nova::KeyPair", "private_key"));
    }
}
