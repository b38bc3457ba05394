using System.Text.Json;
using System.Text.Json.Serialization;
using Nuvola.Engine.State;

namespace Nuvola.Cloud.Storage;

/// <summary>
/// Serializer options that write each record of a kind encrypted (AES-256-GCM, <see cref="SecretBox"/>) as
/// <c>{"$sealed": "base64"}</c>, for kinds whose records hold what a user hid (Heat's hidden parameters). A record
/// written in clear before sealing existed still reads; the next write seals it.
/// </summary>
public static class SealedJson
{
    private const string Marker = "$sealed";

    public static JsonSerializerOptions For<T>(byte[] key, string kind)
        where T : class =>
        new(StateStore.Json) { Converters = { new Converter<T>(new SecretBox(key), kind) } };

    private sealed class Converter<T>(SecretBox box, string kind) : JsonConverter<T>
        where T : class
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(Marker, out var sealedText) && sealedText.ValueKind == JsonValueKind.String)
            {
                return JsonSerializer.Deserialize<T>(box.Decrypt(sealedText.GetString()!, kind), StateStore.Json);
            }

            return root.Deserialize<T>(StateStore.Json);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString(Marker, box.Encrypt(JsonSerializer.Serialize(value, StateStore.Json), kind));
            writer.WriteEndObject();
        }
    }
}
