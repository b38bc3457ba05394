using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nuvola.Engine.Applying;
using Nuvola.Engine.Planning;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Tests.Planning;

public sealed class PlannerTests
{
    private static readonly ResourceTypeSchemas Schemas = new ResourceTypeSchemas()
        .Add("OS::Nova::Server", ["name", "metadata", "security_groups", "flavor"], ReplaceStrategy.CreateBeforeDelete)
        .Add("OS::Neutron::Port", ["name", "security_groups"], ReplaceStrategy.DeleteBeforeCreate)
        .Add("OS::Cinder::Volume", ["name", "size"]);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static DesiredResource Want(string name, string type, string props, params string[] deps) =>
        new(name, type, Json(props), [.. deps]);

    private static ResourceRecord Have(string name, string type, string props, string attrs = "{}",
        params string[] deps) =>
        new(name, type, "id-" + name, Json(props), Json(attrs), ResourceStatus.Ready,
            EngineTags.For("s", name), [.. deps], [], 1);

    private static Plan CreateSut(IEnumerable<DesiredResource> desired, IEnumerable<ResourceRecord> recorded,
        IReadOnlyDictionary<string, ResourceSnapshot?>? cloud = null) =>
        new Planner(new FakeTimeProvider()).Create(new PlanRequest("s", [.. desired], [.. recorded], 7, Schemas, cloud));

    [Fact]
    public void NewResources_AreCreated_InDependencyOrder()
    {
        var plan = CreateSut(
            [Want("server", "OS::Nova::Server", "{}", "port"), Want("port", "OS::Neutron::Port", "{}", "net"),
                Want("net", "OS::Neutron::Net", "{}")],
            []);

        Assert.Equal(["net", "port", "server"], plan.Changes.Select(c => c.LogicalName));
        Assert.All(plan.Changes, c => Assert.Equal(ChangeAction.Create, c.Action));
        Assert.All(plan.Changes, c => Assert.Equal("not in state", c.Reason));
        Assert.Equal(7, plan.StateVersion);
    }

    [Fact]
    public void UnchangedResource_IsANoOp()
    {
        var plan = CreateSut([Want("vol", "OS::Cinder::Volume", """{"size":1,"name":"data"}""")],
            [Have("vol", "OS::Cinder::Volume", """{"name":"data","size":1}""")]);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.NoOp, change.Action);
        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void UpdatableChange_IsAnUpdateInPlace_NamingTheProperty()
    {
        var plan = CreateSut([Want("vol", "OS::Cinder::Volume", """{"size":2,"name":"data"}""")],
            [Have("vol", "OS::Cinder::Volume", """{"name":"data","size":1}""")]);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Equal("property size changed in place", change.Reason);
        var size = Assert.Single(change.PropertyChanges);
        Assert.Equal(("size", 1, 2, false), (size.Name, size.Before!.Value.GetInt32(), size.After!.Value.GetInt32(), size.ForcesReplace));
    }

    [Fact]
    public void NonUpdatableChange_IsAReplace_NamingWhatForcesIt_AndTheTypesStrategy()
    {
        var plan = CreateSut(
            [Want("web", "OS::Nova::Server", """{"name":"web2","image":"debian-13","flavor":"m1.small"}"""),
                Want("port", "OS::Neutron::Port", """{"network":"net-b"}""")],
            [Have("web", "OS::Nova::Server", """{"name":"web","image":"debian-12","flavor":"m1.small"}"""),
                Have("port", "OS::Neutron::Port", """{"network":"net-a"}""")]);

        var web = plan.Find("web")!;
        Assert.Equal(ChangeAction.Replace, web.Action);
        Assert.Equal(ReplaceStrategy.CreateBeforeDelete, web.Strategy);
        Assert.Equal("property image cannot be updated in place for OS::Nova::Server (not update_allowed)", web.Reason);
        Assert.Equal(["image", "name"], web.PropertyChanges.Select(p => p.Name));
        Assert.Equal([true, false], web.PropertyChanges.Select(p => p.ForcesReplace));
        var port = plan.Find("port")!;
        Assert.Equal(ReplaceStrategy.DeleteBeforeCreate, port.Strategy);
        Assert.Equal("id-port", port.PriorPhysicalId);
    }

    [Fact]
    public void TypeChange_IsAReplace()
    {
        var plan = CreateSut([Want("x", "OS::Cinder::Volume", "{}")], [Have("x", "OS::Nova::Server", "{}")]);

        Assert.Equal("type changes from OS::Nova::Server to OS::Cinder::Volume", Assert.Single(plan.Changes).Reason);
    }

    [Fact]
    public void FailedResource_IsReplaced()
    {
        var plan = CreateSut([Want("x", "OS::Cinder::Volume", "{}")],
            [Have("x", "OS::Cinder::Volume", "{}") with { Status = ResourceStatus.Failed, StatusReason = "ERROR state" }]);

        Assert.Equal(ChangeAction.Replace, plan.Changes[0].Action);
        Assert.Contains("ERROR state", plan.Changes[0].Reason);
    }

    [Fact]
    public void RemovedResources_AreDeleted_DependentsFirst_AfterEverythingElse()
    {
        var plan = CreateSut([Want("keep", "OS::Cinder::Volume", "{}")],
            [Have("net", "OS::Neutron::Net", "{}"), Have("subnet", "OS::Neutron::Subnet", "{}", "{}", "net"),
                Have("server", "OS::Nova::Server", "{}", "{}", "subnet"), Have("keep", "OS::Cinder::Volume", "{}")]);

        Assert.Equal(["keep", "server", "subnet", "net"], plan.Changes.Select(c => c.LogicalName));
        Assert.All(plan.Changes.Skip(1), c => Assert.Equal(ChangeAction.Delete, c.Action));
        Assert.Equal("no longer in the template", plan.Changes[1].Reason);
    }

    [Fact]
    public void ValueFromAResourceBeingReplaced_IsKnownAfterApply_AndCascades()
    {
        var plan = CreateSut(
            [Want("port", "OS::Neutron::Port", """{"network":"net-b"}"""),
                new DesiredResource("server", "OS::Nova::Server",
                    JsonSerializer.SerializeToElement(new { name = "web", port = KnownAfterApply.Marker("port") }), ["port"])],
            [Have("port", "OS::Neutron::Port", """{"network":"net-a"}"""),
                Have("server", "OS::Nova::Server", """{"name":"web","port":"id-port"}""", "{}", "port")]);

        var server = plan.Find("server")!;
        Assert.Equal(ChangeAction.Replace, server.Action);
        var port = Assert.Single(server.PropertyChanges);
        Assert.True(port.KnownAfterApply);
        Assert.True(port.ForcesReplace);
    }

    [Fact]
    public void ValueFromAnUnchangedResource_IsReadFromState_SoNothingChanges()
    {
        var plan = CreateSut(
            [Want("port", "OS::Neutron::Port", """{"network":"net-a"}"""),
                new DesiredResource("server", "OS::Nova::Server", JsonSerializer.SerializeToElement(new
                {
                    port = KnownAfterApply.Marker("port"),
                    ip = KnownAfterApply.Marker("port", "fixed_ips", "0", "ip_address"),
                }), ["port"])],
            [Have("port", "OS::Neutron::Port", """{"network":"net-a"}""", """{"fixed_ips":[{"ip_address":"10.0.0.7"}]}"""),
                Have("server", "OS::Nova::Server", """{"port":"id-port","ip":"10.0.0.7"}""", "{}", "port")]);

        Assert.True(plan.IsEmpty, string.Join("; ", plan.Changes.Select(c => c.Reason)));
    }

    [Fact]
    public void Drift_ObjectGoneFromTheCloud_IsRecreated()
    {
        var plan = CreateSut([Want("vol", "OS::Cinder::Volume", """{"size":1}""")],
            [Have("vol", "OS::Cinder::Volume", """{"size":1}""")],
            new Dictionary<string, ResourceSnapshot?> { ["vol"] = null });

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.Create, change.Action);
        Assert.True(change.Drifted);
        Assert.Equal("OS::Cinder::Volume id-vol was deleted outside Nuvola (drift)", change.Reason);
    }

    [Fact]
    public void Drift_PropertyChangedInTheCloud_IsPutBack()
    {
        var plan = CreateSut([Want("vol", "OS::Cinder::Volume", """{"size":1}""")],
            [Have("vol", "OS::Cinder::Volume", """{"size":1}""")],
            new Dictionary<string, ResourceSnapshot?>
            {
                ["vol"] = new("id-vol", Json("{}"), Json("""{"size":5,"status":"available"}""")),
            });

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.True(change.Drifted);
        Assert.Contains("drift", change.Reason);
        Assert.Equal(5, change.PropertyChanges[0].Before!.Value.GetInt32());
    }

    [Fact]
    public void SecretProperties_AreShownAsSensitive()
    {
        var want = Want("user", "OS::Keystone::User", """{"password":"new-secret"}""") with { SecretProperties = ["password"] };

        var plan = CreateSut([want], [Have("user", "OS::Keystone::User", """{"password":"old-secret"}""")]);

        var change = Assert.Single(Assert.Single(plan.Changes).PropertyChanges);
        Assert.Equal("(sensitive)", change.Before!.Value.GetString());
        Assert.Equal("(sensitive)", change.After!.Value.GetString());
    }

    [Fact]
    public void CyclesAndUnknownDependencies_AreErrors_WithThePath()
    {
        var plan = CreateSut([Want("a", "T", "{}", "b"), Want("b", "T", "{}", "a"), Want("c", "T", "{}", "ghost")], []);

        Assert.True(plan.HasErrors);
        Assert.Equal([PlanCodes.UnknownDependency, PlanCodes.DependencyCycle], plan.Diagnostics.Select(d => d.Code));
        Assert.Contains("a -> b -> a", plan.Diagnostics[1].Message);
    }

    [Fact]
    public void Plan_RoundTripsThroughJson()
    {
        var plan = CreateSut(
            [Want("web", "OS::Nova::Server", """{"name":"web2","image":"debian-13"}"""),
                new DesiredResource("vol", "OS::Cinder::Volume",
                    JsonSerializer.SerializeToElement(new { server = KnownAfterApply.Marker("web") }), ["web"])],
            [Have("web", "OS::Nova::Server", """{"name":"web","image":"debian-12"}"""), Have("old", "OS::Cinder::Volume", "{}")]);

        var json = plan.ToJson();
        var back = Plan.FromJson(json);

        Assert.Equal(json, back.ToJson());
        Assert.Contains("\"action\": \"Replace\"", json);
        Assert.Contains("\"strategy\": \"CreateBeforeDelete\"", json);
        Assert.Equal(plan.Changes.Select(c => c.Action), back.Changes.Select(c => c.Action));
        Assert.Equal(ImmutableDictionary<ChangeAction, int>.Empty.Add(ChangeAction.Replace, 1)
            .Add(ChangeAction.Create, 1).Add(ChangeAction.Delete, 1), back.Counts());
    }
}
