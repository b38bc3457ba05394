namespace Nuvola.Cloud.Image;

/// <summary>A project an image is shared with, and whether that project accepted it (pending, accepted, rejected).</summary>
public sealed record ImageMemberRecord(string ImageId, string MemberId, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
