using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nuvola.Cloud.Hosting;

/// <summary>Reads a request's JSON body, refusing oversized or malformed ones with a message that says where the JSON breaks.</summary>
public static class JsonBody
{
    /// <summary>Heat's max_json_body_size (1 MB): the Orchestration API reads bodies up to this size.</summary>
    public const long HeatMaxJsonBodySize = 1_048_576;

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var node = await ReadAsync(request, cancellationToken);
        return node as JsonObject ?? throw ApiException.BadRequest(Messages.NotAnObject);
    }

    public static async Task<JsonNode?> ReadAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var limit = request.HttpContext.RequestServices.GetService(typeof(CloudOptions)) is CloudOptions options ? options.MaxRequestBodySize : 114_688;
        if (request.Path.StartsWithSegments("/heat-api", StringComparison.Ordinal))
        {
            // Heat's max_json_body_size: a template may be up to max_template_size (512 KB), refused as Heat refuses it.
            limit = Math.Max(limit, HeatMaxJsonBodySize);
        }
        if (request.ContentLength > limit)
        {
            throw new ApiException(413, Messages.TooLarge(limit));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new ApiException(413, Messages.TooLarge(limit));
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        if (bytes.Length == 0)
        {
            throw ApiException.BadRequest(Messages.Malformed("the request body is empty"));
        }

        return Parse(bytes);
    }

    /// <summary>
    /// Parses a whole body into a tree whose every string is already valid Unicode, so no handler meets a lone
    /// surrogate or invalid UTF-8 later. A duplicate key is refused (Python's json keeps the last one; here it is a 400,
    /// so a request never means two things).
    /// </summary>
    public static JsonNode? Parse(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth, AllowDuplicateProperties = false });
            return Copy(document.RootElement);
        }
        catch (JsonException exception) when (exception.Message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            throw ApiException.BadRequest(Messages.Malformed(DuplicateKey(exception)));
        }
        catch (JsonException exception)
        {
            throw ApiException.BadRequest(Messages.Malformed(Describe(exception, bytes.ToArray())));
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json reports undecodable strings (a lone \ud800 escape, invalid UTF-8 bytes) this way.
            throw ApiException.BadRequest(Messages.Malformed(Messages.NotUnicode));
        }
    }

    private const int MaxDepth = 64;

    /// <summary>Copies an element into nodes eagerly (the document's depth limit bounds the recursion).</summary>
    private static JsonNode? Copy(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var result = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    result[property.Name] = Copy(property.Value);
                }

                return result;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(Copy(item));
                }

                return array;
            case JsonValueKind.String:
                return JsonValue.Create(element.GetString());
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }

    private static string DuplicateKey(JsonException exception)
    {
        var start = exception.Message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : exception.Message.IndexOf('\'', start + 1);
        var name = end > start ? exception.Message[(start + 1)..end] : "a key";
        return $"the key '{name}' appears twice in one object";
    }

    private static string Describe(JsonException exception, byte[] bytes)
    {
        var line = (exception.LineNumber ?? 0) + 1;
        var column = (exception.BytePositionInLine ?? 0) + 1;
        var text = Encoding.UTF8.GetString(bytes);
        var lines = text.Split('\n').Length;
        var atEnd = exception.Message.Contains("end of data", StringComparison.OrdinalIgnoreCase)
            || exception.Message.Contains("expected end", StringComparison.OrdinalIgnoreCase)
            || line >= lines && column >= text.Split('\n')[^1].Length;
        return atEnd
            ? $"the JSON ends early at line {line}, column {column}: an object or array is not closed (a closing brace or bracket is missing)"
            : $"invalid JSON at line {line}, column {column}";
    }

    private static class Messages
    {
        public const string NotUnicode = "a string is not valid Unicode: a lone surrogate escape such as \\ud800, or bytes that are not UTF-8";

        public const string NotAnObject = "Expecting to find valid JSON in request body: the body must be a JSON object.";

        public static string Malformed(string where) =>
            $"Expecting to find valid JSON in request body ({where}). The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.";

        public static string TooLarge(long limit) => $"Request is too large: the body exceeds {limit} bytes.";
    }
}
