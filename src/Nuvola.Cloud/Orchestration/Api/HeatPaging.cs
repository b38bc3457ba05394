using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Orchestration.Api;

/// <summary>Heat's list paging: `marker` (the id of the last item seen; an unknown one is a 404) and `limit`.</summary>
internal static class HeatPaging
{
    /// <summary>
    /// The page of <paramref name="ordered"/> after the marker, at most limit long. <paramref name="entity"/> and
    /// <paramref name="notFoundType"/> make Heat's 404 ("The Stack (X) could not be found."); <paramref name="limitError"/>
    /// is the 400's message for a bad limit when the service words it otherwise than "Invalid limit: X. …".
    /// </summary>
    public static List<T> Page<T>(IReadOnlyList<T> ordered, IQueryCollection query, Func<T, string> idOf, string entity,
        string notFoundType = "EntityNotFound", string? limitError = null)
    {
        IEnumerable<T> page = ordered;
        if (query["marker"].ToString() is { Length: > 0 } marker)
        {
            var at = ordered.Select(idOf).ToList().IndexOf(marker);
            if (at < 0)
            {
                throw ApiException.NotFound($"The {entity} ({marker}) could not be found.", notFoundType);
            }

            page = page.Skip(at + 1);
        }

        if (query["limit"].ToString() is { Length: > 0 } limitText)
        {
            if (!int.TryParse(limitText, out var limit) || limit < 0)
            {
                throw ApiException.BadRequest(limitError ?? $"Invalid limit: {limitText}. The limit must be a non-negative integer.");
            }

            page = page.Take(limit);
        }

        return [.. page];
    }
}
