using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Image;

namespace Nuvola.Cloud.Compute.Images;

/// <summary>
/// Nova's image proxy (/compute/v2.1/images/{id}, deprecated from 2.36): show through <see cref="IImageCatalog"/>,
/// delete by asking Glance over HTTP with the caller's token, as Nova does.
/// </summary>
public static class ImageProxyEndpoints
{
    private static readonly HttpClient Glance = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static IEndpointRouteBuilder MapImageProxy(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapComputeApi();
        api.MapGet("/images/{id}", Show);
        api.MapDelete("/images/{id}", Delete);
        return routes;
    }

    private static IResult Show(HttpContext context, IImageCatalog images, PublicUrls urls, string id)
    {
        RequireProxy(context);
        var image = images.Find(context.Auth(), id) ?? throw ApiException.NotFound("Image not found.");
        var baseUrl = urls.For(context);
        var metadata = new JsonObject();
        foreach (var (key, value) in image.Properties)
        {
            metadata[key] = value;
        }

        var view = new JsonObject
        {
            ["id"] = image.Id,
            ["name"] = image.Name,
            ["status"] = StatusOf(image.Status),
            ["progress"] = StatusOf(image.Status) == "ACTIVE" ? 100 : 0,
            ["minDisk"] = image.MinDisk,
            ["minRam"] = image.MinRam,
            ["metadata"] = metadata,
            ["created"] = Servers.ServerView.Time(image.CreatedAt),
            ["updated"] = Servers.ServerView.Time(image.UpdatedAt),
            ["OS-EXT-IMG-SIZE:size"] = image.Size,
            ["links"] = new JsonArray(
                new JsonObject { ["rel"] = "self", ["href"] = $"{baseUrl}{ComputeRoutes.Prefix}/images/{image.Id}" },
                new JsonObject { ["rel"] = "bookmark", ["href"] = $"{baseUrl}/compute/images/{image.Id}" },
                new JsonObject { ["rel"] = "alternate", ["type"] = "application/vnd.openstack.image", ["href"] = $"{baseUrl}/image/images/{image.Id}" }),
        };
        if (image.Properties.TryGetValue("instance_uuid", out var serverId) && serverId.Length > 0)
        {
            view["server"] = new JsonObject
            {
                ["id"] = serverId,
                ["links"] = new JsonArray(
                    new JsonObject { ["rel"] = "self", ["href"] = $"{baseUrl}{ComputeRoutes.Prefix}/servers/{serverId}" },
                    new JsonObject { ["rel"] = "bookmark", ["href"] = $"{baseUrl}/compute/servers/{serverId}" }),
            };
        }

        return Results.Text(new JsonObject { ["image"] = view }.ToJsonString(), "application/json");
    }

    private static async Task<IResult> Delete(HttpContext context, PublicUrls urls, string id, CancellationToken cancellationToken)
    {
        RequireProxy(context);
        context.Auth();
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{urls.For(context)}/image/v2/images/{Uri.EscapeDataString(id)}");
        request.Headers.Add("X-Auth-Token", context.Request.Headers["X-Auth-Token"].ToString());
        using var response = await Glance.SendAsync(request, cancellationToken);
        return (int)response.StatusCode switch
        {
            >= 200 and < 300 => Results.StatusCode(204),
            404 => throw ApiException.NotFound("Image not found."),
            403 => throw ApiException.Forbidden("You are not allowed to delete the image."),
            409 => throw ApiException.Conflict("Image is protected or in use and cannot be deleted."),
            _ => throw new ApiException(502, "The image service could not delete the image."),
        };
    }

    /// <summary>The proxy exists up to 2.35.</summary>
    private static void RequireProxy(HttpContext context)
    {
        if (context.ComputeVersionAtLeast(2, 36))
        {
            throw ApiException.NotFound("The resource could not be found.");
        }
    }

    private static string StatusOf(string glanceStatus) => glanceStatus.ToLowerInvariant() switch
    {
        "active" => "ACTIVE",
        "queued" or "saving" or "importing" or "uploading" => "SAVING",
        "deleted" or "pending_delete" => "DELETED",
        "killed" => "ERROR",
        _ => "UNKNOWN",
    };
}
