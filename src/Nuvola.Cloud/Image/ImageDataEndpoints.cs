using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Image;

/// <summary>/v2/images/{id}/file: upload (streamed to DATA_DIR/images, hashed) and download (Content-MD5, ranges).</summary>
public static class ImageDataEndpoints
{
    public static void MapImageData(this IEndpointRouteBuilder routes)
    {
        routes.MapPut("/image/v2/images/{imageId}/file", Upload);
        routes.MapGet("/image/v2/images/{imageId}/file", Download);
    }

    private static async Task<IResult> Upload(HttpContext context, ImageStore store, string imageId, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        lock (store.Images.Sync)
        {
            var image = store.Require(caller, imageId);
            if (!ImageStore.CanModify(caller, image))
            {
                throw ApiException.Forbidden($"Not allowed to upload image data for image {imageId}");
            }

            if (!string.Equals(mediaType, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
            {
                throw new ApiException(415, $"Invalid content type {mediaType ?? "None"}");
            }

            if (image.Status != ImageStatus.Queued)
            {
                throw ApiException.Conflict($"Image status transition from {image.Status} to saving is not allowed");
            }

            var missing = new[] { ("disk_format", image.DiskFormat), ("container_format", image.ContainerFormat) }.Where(p => p.Item2 is null).Select(p => p.Item1).ToList();
            if (missing.Count > 0)
            {
                throw ApiException.BadRequest(missing.Count == 1
                    ? $"Property {missing[0]} must be set prior to saving data."
                    : $"Properties {string.Join(", ", missing)} must be set prior to saving data.");
            }

            store.Images.Put(imageId, image with { Status = ImageStatus.Saving });
        }

        (long Size, string Md5, string Sha512) written;
        try
        {
            written = await store.WriteDataAsync(imageId, context.Request.Body, cancellationToken);
        }
        catch
        {
            lock (store.Images.Sync)
            {
                if (store.Images.Find(imageId) is { Status: ImageStatus.Saving } saving)
                {
                    store.Images.Put(imageId, saving with { Status = ImageStatus.Queued });
                }
            }

            throw;
        }

        lock (store.Images.Sync)
        {
            if (store.Images.Find(imageId) is not { } current)
            {
                store.DeleteData(imageId);
                throw new ApiException(410, $"Image {imageId} could not be found after upload. The image may have been deleted during the upload.");
            }

            store.Images.Put(imageId, current with
            {
                Status = ImageStatus.Active,
                Size = written.Size,
                Checksum = written.Md5,
                OsHashAlgo = "sha512",
                OsHashValue = written.Sha512,
                UpdatedAt = store.Time.GetUtcNow(),
            });
        }

        return Results.NoContent();
    }

    private static IResult Download(HttpContext context, ImageStore store, string imageId)
    {
        var caller = context.Auth();
        var image = store.Require(caller, imageId);
        if (image.Status == ImageStatus.Deactivated && !caller.IsAdmin)
        {
            throw ApiException.Forbidden("The requested image has been deactivated. Image data download is forbidden.");
        }

        if (image.Status is not (ImageStatus.Active or ImageStatus.Deactivated) || !store.HasData(imageId))
        {
            return Results.NoContent();
        }

        if (image.Checksum is not null)
        {
            context.Response.Headers["Content-MD5"] = image.Checksum;
        }

        return Results.File(Path.GetFullPath(store.DataPath(imageId)), "application/octet-stream", enableRangeProcessing: true);
    }
}
