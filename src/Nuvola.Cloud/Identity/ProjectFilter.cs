namespace Nuvola.Cloud.Identity;

/// <summary>The query filters of GET /v3/projects: name, domain_id, enabled, parent_id, is_domain and the four tag filters.</summary>
internal sealed record ProjectFilter(
    string? Name,
    string? DomainId,
    bool? Enabled,
    string? ParentId,
    bool? IsDomain,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<string>? TagsAny,
    IReadOnlyList<string>? NotTags,
    IReadOnlyList<string>? NotTagsAny)
{
    public static ProjectFilter From(HttpContext context) => new(
        IdentityRequest.Query(context, "name"),
        IdentityRequest.Query(context, "domain_id"),
        IdentityRequest.QueryBool(context, "enabled"),
        IdentityRequest.Query(context, "parent_id"),
        IdentityRequest.QueryBool(context, "is_domain"),
        List(context, "tags"),
        List(context, "tags-any"),
        List(context, "not-tags"),
        List(context, "not-tags-any"));

    public bool Matches(ProjectRecord project)
    {
        var tags = project.Tags ?? [];
        return (Name is null || project.Name == Name)
            && (DomainId is null || project.DomainId == DomainId)
            && (Enabled is null || project.Enabled == Enabled)
            && (ParentId is null || (project.ParentId ?? project.DomainId) == ParentId)
            && IsDomain is null or false
            && (Tags is null || Tags.All(tags.Contains))
            && (TagsAny is null || TagsAny.Any(tags.Contains))
            && (NotTags is null || !NotTags.All(tags.Contains))
            && (NotTagsAny is null || !NotTagsAny.Any(tags.Contains));
    }

    private static List<string>? List(HttpContext context, string name) =>
        IdentityRequest.Query(context, name)?.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
}
