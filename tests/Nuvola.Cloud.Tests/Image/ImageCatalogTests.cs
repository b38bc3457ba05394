using Microsoft.Extensions.DependencyInjection;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Image;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Image;

public sealed class ImageCatalogTests : IAsyncLifetime
{
    private TestCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync()
    {
        Assert.Empty(_cloud.Log.Faults());
        await _cloud.DisposeAsync();
    }

    private static AuthContext Caller(string projectId, params string[] roles) =>
        new("hash", "user-" + projectId, "user", "default", projectId, "project", "default", null, roles, DateTimeOffset.MaxValue);

    [Fact]
    public void Bootstrap_creates_the_profiles_public_image_active_with_data_that_any_project_can_find()
    {
        var store = _cloud.Services.GetRequiredService<ImageStore>();
        var catalog = _cloud.Services.GetRequiredService<IImageCatalog>();
        var cirros = store.Images.Values.Single(i => i.Name == "cirros-0.6.2-x86_64-disk");

        var found = catalog.Find(Caller("some-other-project", RoleNames.Member), cirros.Id);

        Assert.NotNull(found);
        Assert.Equal("active", found.Status);
        Assert.Equal(new FileInfo(store.DataPath(cirros.Id)).Length, found.Size);
        Assert.Equal("public", cirros.Visibility);
        Assert.Equal(32, cirros.Checksum!.Length);
        Assert.Equal(128, cirros.OsHashValue!.Length);
    }

    [Fact]
    public void A_snapshot_is_active_private_to_its_project_and_keeps_its_properties()
    {
        var catalog = _cloud.Services.GetRequiredService<IImageCatalog>();
        var owner = Caller("project-a", RoleNames.Member);
        var properties = new Dictionary<string, string> { ["image_type"] = "snapshot", ["instance_uuid"] = "server-1" };

        var id = catalog.CreateSnapshot(owner, "snap", properties, baseImageId: null);

        var found = catalog.Find(owner, id);
        Assert.NotNull(found);
        Assert.Equal("snap", found.Name);
        Assert.Equal("active", found.Status);
        Assert.Equal("snapshot", found.Properties["image_type"]);
        Assert.Null(catalog.Find(Caller("project-b", RoleNames.Member), id));
        Assert.NotNull(catalog.Find(Caller("project-b", RoleNames.Admin), id));
        Assert.Null(catalog.Find(owner, "no-such-image"));
    }
}
