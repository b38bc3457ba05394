using System.Security.Cryptography;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Storage;

namespace Nuvola.Cloud.Image;

/// <summary>Image records, their members, and their data files under DATA_DIR/images; who may see what.</summary>
public sealed class ImageStore
{
    public const string DataFolder = "images";

    private readonly string _dataDirectory;

    public ImageStore(StateStore store, CloudOptions options, TimeProvider time)
    {
        Images = store.Collection<ImageRecord>("image.images");
        Members = store.Collection<ImageMemberRecord>("image.members");
        Time = time;
        _dataDirectory = Path.Combine(options.DataDirectory, DataFolder);
    }

    public Collection<ImageRecord> Images { get; }

    public Collection<ImageMemberRecord> Members { get; }

    public TimeProvider Time { get; }

    public static string MemberKey(string imageId, string memberId) => imageId + "/" + memberId;

    public ImageMemberRecord? FindMember(string imageId, string? memberId) =>
        memberId is null ? null : Members.Find(MemberKey(imageId, memberId));

    public IEnumerable<ImageMemberRecord> MembersOf(string imageId) => Members.Values.Where(m => m.ImageId == imageId);

    /// <summary>Glance's visibility rule: admin sees all; others their own, public, community, and shared-with-them images.</summary>
    public bool IsVisible(AuthContext caller, ImageRecord image) =>
        caller.IsAdmin
        || (image.Owner is not null && image.Owner == caller.ProjectId)
        || image.Visibility is ImageStatus.Public or ImageStatus.Community
        || (image.Visibility == ImageStatus.Shared && FindMember(image.Id, caller.ProjectId) is not null);

    /// <summary>Owner or admin: may change the image.</summary>
    public static bool CanModify(AuthContext caller, ImageRecord image) =>
        caller.IsAdmin || (image.Owner is not null && image.Owner == caller.ProjectId && caller.CanWrite);

    /// <summary>The image the caller may see; Glance's 404 otherwise.</summary>
    public ImageRecord Require(AuthContext caller, string imageId)
    {
        var image = Images.Find(imageId);
        return image is not null && IsVisible(caller, image) ? image : throw NotFound(imageId);
    }

    /// <summary>The image the caller may change; 404 if invisible, 403 if visible but not theirs.</summary>
    public ImageRecord RequireModifiable(AuthContext caller, string imageId, string action)
    {
        var image = Require(caller, imageId);
        return CanModify(caller, image) ? image : throw ApiException.Forbidden($"You are not authorized to complete {action} action.");
    }

    public static ApiException NotFound(string imageId) => ApiException.NotFound($"No image found with ID {imageId}");

    public string DataPath(string imageId) => Path.Combine(_dataDirectory, imageId);

    public bool HasData(string imageId) => File.Exists(DataPath(imageId));

    /// <summary>Streams data into the image's file, hashing on the way; returns size, md5 (hex) and sha512 (hex).</summary>
    public async Task<(long Size, string Md5, string Sha512)> WriteDataAsync(string imageId, Stream data, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_dataDirectory);
        var temporary = DataPath(imageId) + "." + Guid.NewGuid().ToString("N") + ".part";
        try
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            using var sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
            long size = 0;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await data.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    md5.AppendData(buffer, 0, read);
                    sha512.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    size += read;
                }
            }

            File.Move(temporary, DataPath(imageId), overwrite: true);
            return (size, Convert.ToHexStringLower(md5.GetHashAndReset()), Convert.ToHexStringLower(sha512.GetHashAndReset()));
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes small in-memory data (bootstrap images, snapshots) and returns its size and hashes.</summary>
    public (long Size, string Md5, string Sha512) WriteData(string imageId, byte[] data)
    {
        Directory.CreateDirectory(_dataDirectory);
        File.WriteAllBytes(DataPath(imageId), data);
        return (data.LongLength, Convert.ToHexStringLower(MD5.HashData(data)), Convert.ToHexStringLower(SHA512.HashData(data)));
    }

    public void DeleteData(string imageId)
    {
        File.Delete(DataPath(imageId));
    }

    /// <summary>A new image record with Glance's defaults.</summary>
    public ImageRecord New(string id, string? owner, DateTimeOffset now) => new(
        id, null, ImageStatus.Queued, ImageStatus.Shared, false, false, owner, null, null, 0, 0, null, null, null, null, null,
        [], new Dictionary<string, string>(StringComparer.Ordinal), now, now);

    /// <summary>Makes the image active with data: writes the bytes and records size and hashes.</summary>
    public ImageRecord WithData(ImageRecord image, byte[] data)
    {
        var (size, md5, sha512) = WriteData(image.Id, data);
        return image with { Status = ImageStatus.Active, Size = size, Checksum = md5, OsHashAlgo = "sha512", OsHashValue = sha512 };
    }

    /// <summary>Small deterministic stand-in data for an image made without an upload (bootstrap, snapshots).</summary>
    public static byte[] PlaceholderData(string seed)
    {
        var text = $"nuvola placeholder image data: {seed}\n";
        var bytes = new byte[4096];
        var source = System.Text.Encoding.UTF8.GetBytes(text);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = source[i % source.Length];
        }

        return bytes;
    }
}
