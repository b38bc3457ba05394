using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Image;

/// <summary>Image: its services, its routes under /image, and its first-start objects.</summary>
public static class ImageModule
{
    public static IServiceCollection AddImage(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapImage(this IEndpointRouteBuilder routes) => routes;

    public static void Bootstrap(IServiceProvider services, BootstrapContext context)
    {
    }
}
