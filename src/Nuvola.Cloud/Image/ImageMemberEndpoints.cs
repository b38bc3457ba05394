using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Image;

/// <summary>/v2/images/{id}/members: the owner shares a "shared" image with projects; each member accepts or rejects it.</summary>
public static class ImageMemberEndpoints
{
    private static readonly string[] Statuses = ["pending", "accepted", "rejected"];

    public static void MapImageMembers(this IEndpointRouteBuilder routes)
    {
        var members = routes.MapGroup("/image/v2/images/{imageId}/members");
        members.MapPost("/", Create);
        members.MapGet("/", List);
        members.MapGet("/{memberId}", Show);
        members.MapPut("/{memberId}", Update);
        members.MapDelete("/{memberId}", Delete);
    }

    private static async Task<IResult> Create(HttpContext context, ImageStore store, string imageId, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (!body.TryGetPropertyValue("member", out var memberNode))
        {
            throw ApiException.BadRequest("Member to be added not specified");
        }

        var memberId = memberNode is JsonValue value && value.TryGetValue(out string? text) ? text : null;
        if (string.IsNullOrEmpty(memberId))
        {
            throw ApiException.BadRequest(memberNode is null or JsonValue ? "Member can't be empty" : "Expected a member in the form: {\"member\": \"image_id\"}");
        }

        lock (store.Members.Sync)
        {
            var image = Lookup(caller, store, imageId);
            SharedOnly(image);
            if (!ImageStore.CanModify(caller, image))
            {
                throw ApiException.Forbidden($"Not allowed to create members for image {imageId}.");
            }

            if (store.FindMember(imageId, memberId) is not null)
            {
                throw ApiException.Conflict($"Member {memberId} is duplicated for image {imageId}");
            }

            var now = store.Time.GetUtcNow();
            var member = new ImageMemberRecord(imageId, memberId, "pending", now, now);
            store.Members.Put(ImageStore.MemberKey(imageId, memberId), member);
            return Results.Json(ImageJson.ToJson(member));
        }
    }

    private static IResult List(HttpContext context, ImageStore store, string imageId)
    {
        var caller = context.Auth();
        var image = Lookup(caller, store, imageId);
        SharedOnly(image);
        var owner = ImageStore.CanModify(caller, image) || caller.IsAdmin;
        var members = store.MembersOf(imageId)
            .Where(m => owner || m.MemberId == caller.ProjectId)
            .OrderBy(m => m.CreatedAt)
            .Select(m => (JsonNode?)ImageJson.ToJson(m))
            .ToArray();
        return Results.Json(new JsonObject { ["members"] = new JsonArray(members), ["schema"] = "/v2/schemas/members" });
    }

    private static IResult Show(HttpContext context, ImageStore store, string imageId, string memberId)
    {
        var caller = context.Auth();
        var image = Lookup(caller, store, imageId);
        SharedOnly(image);
        return Results.Json(ImageJson.ToJson(Member(caller, store, image, memberId)));
    }

    private static async Task<IResult> Update(HttpContext context, ImageStore store, string imageId, string memberId, CancellationToken cancellationToken)
    {
        var caller = context.Auth();
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        if (!body.TryGetPropertyValue("status", out var statusNode))
        {
            throw ApiException.BadRequest("Status not specified");
        }

        var status = statusNode is JsonValue value && value.TryGetValue(out string? text) ? text : null;
        if (status is null || !Statuses.Contains(status))
        {
            throw ApiException.BadRequest("Incorrect request: Status must be \"pending\", \"accepted\" or \"rejected\".");
        }

        lock (store.Members.Sync)
        {
            var image = Lookup(caller, store, imageId);
            SharedOnly(image);
            var member = Member(caller, store, image, memberId);
            if (!caller.IsAdmin && caller.ProjectId != memberId)
            {
                throw ApiException.Forbidden("You are not permitted to modify 'status' on this image member.");
            }

            member = member with { Status = status, UpdatedAt = store.Time.GetUtcNow() };
            store.Members.Put(ImageStore.MemberKey(imageId, memberId), member);
            return Results.Json(ImageJson.ToJson(member));
        }
    }

    private static IResult Delete(HttpContext context, ImageStore store, string imageId, string memberId)
    {
        var caller = context.Auth();
        lock (store.Members.Sync)
        {
            var image = Lookup(caller, store, imageId);
            SharedOnly(image);
            Member(caller, store, image, memberId);
            if (!ImageStore.CanModify(caller, image))
            {
                throw ApiException.Forbidden($"Not allowed to delete members for image {imageId}.");
            }

            store.Members.Remove(ImageStore.MemberKey(imageId, memberId));
        }

        return Results.NoContent();
    }

    private static ImageRecord Lookup(AuthContext caller, ImageStore store, string imageId)
    {
        var image = store.Images.Find(imageId);
        return image is not null && store.IsVisible(caller, image) ? image : throw ApiException.NotFound($"Image {imageId} not found.");
    }

    private static void SharedOnly(ImageRecord image)
    {
        if (image.Visibility != ImageStatus.Shared)
        {
            throw ApiException.Forbidden("Only shared images have members.");
        }
    }

    /// <summary>The membership as the caller may see it: the owner and admin see all, a member only its own.</summary>
    private static ImageMemberRecord Member(AuthContext caller, ImageStore store, ImageRecord image, string memberId)
    {
        var member = store.FindMember(image.Id, memberId);
        var allowed = ImageStore.CanModify(caller, image) || caller.IsAdmin || caller.ProjectId == memberId;
        return member is not null && allowed ? member : throw ApiException.NotFound($"{memberId} not found in the member list of the image {image.Id}.");
    }
}
