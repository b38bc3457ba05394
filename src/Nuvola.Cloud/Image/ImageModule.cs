using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Image;

/// <summary>Image (Glance v2): its services, its routes under /image, and its first-start objects.</summary>
public static class ImageModule
{
    public static IServiceCollection AddImage(this IServiceCollection services)
    {
        services.AddSingleton<ImageStore>();
        services.AddSingleton<IImageCatalog, ImageCatalog>();
        return services;
    }

    public static IEndpointRouteBuilder MapImage(this IEndpointRouteBuilder routes)
    {
        routes.MapImageVersions();
        routes.MapImages();
        routes.MapImageData();
        routes.MapImageTags();
        routes.MapImageActions();
        routes.MapImageMembers();
        routes.MapImageSchemas();
        return routes;
    }

    /// <summary>The profile's images: active, with a small deterministic data file, owned by the admin project.</summary>
    public static void Bootstrap(IServiceProvider services, BootstrapContext context)
    {
        var store = services.GetRequiredService<ImageStore>();
        var now = context.Time.GetUtcNow();
        foreach (var profileImage in context.Profile.Images)
        {
            var id = profileImage.Id ?? Guid.NewGuid().ToString();
            var owner = profileImage.Project is { } project && context.ProjectIds.TryGetValue(project, out var projectId) ? projectId : context.AdminProjectId;
            var image = store.New(id, owner, now) with
            {
                Name = profileImage.Name,
                Visibility = profileImage.Visibility,
                DiskFormat = profileImage.DiskFormat,
                ContainerFormat = profileImage.ContainerFormat,
                MinDisk = profileImage.MinDisk,
                MinRam = profileImage.MinRam,
            };
            image = store.WithData(image, ImageStore.PlaceholderData(profileImage.Name));
            store.Images.Put(id, image);
        }
    }
}
