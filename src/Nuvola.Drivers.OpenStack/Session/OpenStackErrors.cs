using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Nuvola.Drivers.OpenStack.Session;

/// <summary>The services' error bodies turned into one message: Nova/Cinder {"badRequest": {"message"}}, Neutron
/// {"NeutronError": {"message"}}, Keystone {"error": {"message"}}, Glance's text/HTML page, or a bare {"message"}.</summary>
public static partial class OpenStackErrors
{
    /// <summary>The cloud's message in <paramref name="body"/>, or null when there is none.</summary>
    public static string? MessageOf(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        var trimmed = body.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                if (JsonNode.Parse(trimmed) is JsonObject json)
                {
                    return FromJson(json) ?? Shorten(trimmed);
                }
            }
            catch (JsonException)
            {
            }
        }

        var text = Whitespace().Replace(Tags().Replace(Title().Replace(body, string.Empty), " "), " ").Trim();
        return text.Length == 0 ? null : Shorten(text);
    }

    /// <summary>True when retrying can help: throttling, gateway errors, overload.</summary>
    public static bool IsTransient(int status) => status is 429 or 502 or 503 or 504;

    /// <summary>The Retry-After header as a delay (seconds or an HTTP date).</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    private static string? FromJson(JsonObject json)
    {
        foreach (var (key, value) in json)
        {
            switch (value)
            {
                case JsonObject inner when Str(inner, "message") is { } message:
                    var detail = Str(inner, "detail");
                    return detail is null || detail.Length == 0 || message.Contains(detail, StringComparison.Ordinal)
                        ? message
                        : $"{message} ({detail})";
                case JsonValue when key is "message" or "faultstring" or "description" or "detail":
                    return Str(json, key);
            }
        }

        return Str(json, "error") ?? Str(json, "title");
    }

    private static string? Str(JsonObject json, string key) =>
        json[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
        : json[key] is JsonValue n ? Convert.ToString(n.ToString(), CultureInfo.InvariantCulture) : null;

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + "…";

    [GeneratedRegex("<title>.*?</title>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Title();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
