using System.Reflection;
using System.Text.Json;

namespace Nuvola.Cloud.Hosting;

/// <summary>
/// The objects a cloud starts with, from a data file in Hosting/Profiles. Every cloud loads "default";
/// a named profile (e.g. fg-cloud) adds its own objects on top and may rename the region.
/// </summary>
public sealed record CloudProfile
{
    public string Name { get; init; } = "default";

    public string? Region { get; init; }

    public IReadOnlyList<ProfileProject> Projects { get; init; } = [];

    public IReadOnlyList<ProfileUser> Users { get; init; } = [];

    public IReadOnlyList<ProfileFlavor> Flavors { get; init; } = [];

    public IReadOnlyList<ProfileImage> Images { get; init; } = [];

    public IReadOnlyList<ProfileNetwork> Networks { get; init; } = [];

    public IReadOnlyList<ProfileRouter> Routers { get; init; } = [];

    public IReadOnlyList<ProfileKeypair> Keypairs { get; init; } = [];

    public static IReadOnlyList<string> Available() =>
        typeof(CloudProfile).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..^".json".Length])
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

    /// <summary>The default profile merged with the named one; null when no profile has that name.</summary>
    public static CloudProfile? Load(string? name)
    {
        var baseline = Read("default") ?? throw new InvalidOperationException("the default profile is missing from the assembly");
        if (name is null or "default")
        {
            return baseline;
        }

        var extra = Read(name);
        return extra is null ? null : new CloudProfile
        {
            Name = extra.Name,
            Region = extra.Region ?? baseline.Region,
            Projects = [.. baseline.Projects, .. extra.Projects],
            Users = [.. baseline.Users, .. extra.Users],
            Flavors = [.. baseline.Flavors, .. extra.Flavors],
            Images = [.. baseline.Images, .. extra.Images],
            Networks = [.. baseline.Networks.Where(n => !extra.Networks.Any(e => e.Replaces == n.Name)), .. extra.Networks],
            Routers = [.. baseline.Routers, .. extra.Routers],
            Keypairs = [.. baseline.Keypairs, .. extra.Keypairs],
        };
    }

    private const string Prefix = "Nuvola.Cloud.Profiles.";

    private static CloudProfile? Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Prefix + name + ".json");
        return stream is null ? null : JsonSerializer.Deserialize<CloudProfile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip });
    }
}

public sealed record ProfileProject(string Name, string Description = "");

/// <summary>A user; Password null means "generate one" (admin and demo take theirs from options or the environment).</summary>
public sealed record ProfileUser(string Name, string? Password, string Project, IReadOnlyList<string> Roles);

public sealed record ProfileFlavor(string Id, string Name, int Ram, int Vcpus, int Disk, int Ephemeral = 0, int Swap = 0, bool IsPublic = true);

/// <summary>An image; Id null means a new random id (a profile fixes it when documents name the image by id).</summary>
public sealed record ProfileImage(string Name, string DiskFormat = "qcow2", string ContainerFormat = "bare", string Visibility = "public", string? Project = null, int MinDisk = 0, int MinRam = 0, string? Id = null);

/// <summary>
/// A network with one subnet; External makes it router:external (floating IPs come from it). Replaces names a network
/// of the default profile this one takes the place of (fg-cloud's ext-net replaces public: a cloud with one external network).
/// </summary>
public sealed record ProfileNetwork(string Name, string Cidr, string? Project = null, bool External = false, bool Shared = false, string? SubnetName = null, string? GatewayIp = null, string? Replaces = null);

/// <summary>A project's router: gateway on an external network, one interface per named subnet (so floating IPs reach them).</summary>
public sealed record ProfileRouter(string Name, string Project, string ExternalNetwork, IReadOnlyList<string> Subnets);

/// <summary>A user's ssh key pair, generated on first start; the private half goes to DATA_DIR/NAME.pem (mode 600), as a user keeps it.</summary>
public sealed record ProfileKeypair(string Name, string User);
