namespace Nuvola.Cloud.Network;

/// <summary>Neutron's standard attributes, shared by every resource: description, tags, timestamps, revision.</summary>
public sealed record StandardAttributes(string Description, IReadOnlyList<string> Tags, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int RevisionNumber)
{
    public static StandardAttributes New(DateTimeOffset now, string? description = null) => new(description ?? string.Empty, [], now, now, 0);

    /// <summary>The attributes after a change: updated_at now, revision_number one up.</summary>
    public StandardAttributes Touched(DateTimeOffset now) => this with { UpdatedAt = now, RevisionNumber = RevisionNumber + 1 };
}

/// <summary>A Neutron resource: an id, an owning project, standard attributes.</summary>
public interface INeutronObject
{
    string Id { get; }

    string ProjectId { get; }

    StandardAttributes Standard { get; }
}
