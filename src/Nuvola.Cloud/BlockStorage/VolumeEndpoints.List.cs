using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.BlockStorage;

public static partial class VolumeEndpoints
{
    private static IResult List(HttpContext context, VolumeStore store, PublicUrls urls) => ListOf(context, store, urls, detail: false);

    private static IResult Detail(HttpContext context, VolumeStore store, PublicUrls urls) => ListOf(context, store, urls, detail: true);

    private static IResult ListOf(HttpContext context, VolumeStore store, PublicUrls urls, bool detail)
    {
        var caller = context.Auth();
        if (!detail && context.Request.Path.Value?.EndsWith('/') == true)
        {
            // GET /volumes/ names a volume with an empty id, as Cinder's router sees it.
            throw ApiException.NotFound("Volume  could not be found.");
        }

        var all = VolumeQuery.AllTenants(context, caller);
        IEnumerable<VolumeRecord> volumes = store.Volumes.Values.Where(v => all || v.ProjectId == caller.ProjectId);
        foreach (var (key, value) in VolumeQuery.Filters(context))
        {
            volumes = key switch
            {
                "name" or "display_name" => volumes.Where(v => v.Name == value),
                "status" => volumes.Where(v => v.Status == value),
                "availability_zone" => volumes.Where(v => v.AvailabilityZone == value),
                "bootable" => volumes.Where(v => v.Bootable == (value is "true" or "True" or "1")),
                "volume_type" => volumes.Where(v => v.VolumeType == value),
                "snapshot_id" => volumes.Where(v => v.SnapshotId == value),
                "source_volid" => volumes.Where(v => v.SourceVolumeId == value),
                "metadata" => FilterMetadata(volumes, VolumeQuery.MetadataFilter(value)),
                _ => volumes,
            };
        }

        var (page, more) = VolumeQuery.Page(context, volumes, v => v.Id, SortKey);
        var baseUrl = urls.For(context);
        var items = new JsonArray();
        foreach (var volume in page)
        {
            items.Add(detail ? VolumeJson.Volume(volume, baseUrl, caller.IsAdmin, VolumeRequest.MinorOf(context)) : VolumeJson.Summary(volume, baseUrl));
        }

        var body = new JsonObject { ["volumes"] = items };
        if (VolumeRequest.MinorOf(context) >= 45 && context.Request.Query["with_count"].ToString() is "true" or "True" or "1")
        {
            body["count"] = volumes.Count();
        }

        if (more)
        {
            body["volumes_links"] = VolumeQuery.NextLink(context, baseUrl, context.Request.Path, page[^1].Id);
        }

        return Results.Json(body);
    }

    private static IEnumerable<VolumeRecord> FilterMetadata(IEnumerable<VolumeRecord> volumes, Dictionary<string, string> wanted) =>
        volumes.Where(v => wanted.All(p => v.Metadata.TryGetValue(p.Key, out var value) && value == p.Value));

    private static IComparable? SortKey(VolumeRecord volume, string key) => key switch
    {
        "id" => volume.Id,
        "name" or "display_name" => volume.Name,
        "description" => volume.Description,
        "status" => volume.Status,
        "size" => volume.Size,
        "created_at" => volume.CreatedAt,
        "updated_at" => volume.UpdatedAt,
        "availability_zone" => volume.AvailabilityZone,
        "volume_type" => volume.VolumeType,
        "bootable" => volume.Bootable.ToString(),
        _ => null,
    };
}
