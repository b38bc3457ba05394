using System.Collections.Concurrent;
using Nuvola.Cloud.Identity;
using Nuvola.Cloud.Image;

namespace Nuvola.Cloud.Tests.Compute.Servers;

/// <summary>An image catalog for server tests when the cloud has no Image service registered: one public image.</summary>
public sealed class StandInImages : IImageCatalog
{
    public const string CirrosId = "6f1a0f35-5b0c-4bd6-9a55-2c9dfe0b4c11";

    private readonly ConcurrentDictionary<string, ImageSummary> _images = new()
    {
        [CirrosId] = new ImageSummary(CirrosId, "cirros", "active", 1024, 0, 0, new Dictionary<string, string>(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch),
    };

    public ImageSummary? Find(AuthContext caller, string imageId) => _images.GetValueOrDefault(imageId);

    public string CreateSnapshot(AuthContext caller, string name, IReadOnlyDictionary<string, string> properties, string? baseImageId)
    {
        var id = Guid.NewGuid().ToString("D");
        _images[id] = new ImageSummary(id, name, "active", 0, 0, 0, properties, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        return id;
    }
}
