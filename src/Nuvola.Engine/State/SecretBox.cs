using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nuvola.Engine.State;

/// <summary>
/// Encrypts chosen top-level members of a JSON object with AES-256-GCM. An encrypted member is stored as
/// <c>{"$secret": "base64(nonce | ciphertext | tag)"}</c>; the associated data binds it to its stack, resource and
/// member name, so a value cannot be moved to another place in the state unnoticed.
/// </summary>
public sealed class SecretBox(byte[] key)
{
    private const string Marker = "$secret";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key = key.Length == 32 ? key : throw new ArgumentException("The key must be 32 bytes.", nameof(key));

    public string Seal(JsonElement value, IEnumerable<string> secretKeys, string context)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return value.ValueKind == JsonValueKind.Undefined ? "{}" : value.GetRawText();
        }

        var keys = secretKeys.ToHashSet(StringComparer.Ordinal);
        var node = JsonNode.Parse(value.GetRawText())!.AsObject();
        foreach (var name in node.Select(p => p.Key).Where(keys.Contains).ToList())
        {
            var clear = node[name]?.ToJsonString() ?? "null";
            node[name] = new JsonObject { [Marker] = Encrypt(clear, $"{context}/{name}") };
        }

        return node.ToJsonString();
    }

    public JsonElement Open(string stored, string context)
    {
        var node = JsonNode.Parse(stored);
        if (node is JsonObject obj)
        {
            foreach (var (name, member) in obj.ToList())
            {
                if (member is JsonObject { Count: 1 } wrapped && wrapped[Marker] is JsonValue sealedValue)
                {
                    obj[name] = JsonNode.Parse(Decrypt(sealedValue.GetValue<string>(), $"{context}/{name}"));
                }
            }
        }

        return JsonSerializer.SerializeToElement(node);
    }

    public string Encrypt(string clear, string context)
    {
        var plain = Encoding.UTF8.GetBytes(clear);
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length),
            Encoding.UTF8.GetBytes(context));
        return Convert.ToBase64String(output);
    }

    public string Decrypt(string sealedText, string context)
    {
        var input = Convert.FromBase64String(sealedText);
        if (input.Length < NonceSize + TagSize)
        {
            throw new StateException($"A secret in state ({context}) is truncated.");
        }

        var plain = new byte[input.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        try
        {
            aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize, plain.Length),
                input.AsSpan(NonceSize + plain.Length), plain, Encoding.UTF8.GetBytes(context));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new StateException(
                $"A secret in state ({context}) cannot be decrypted: the state key is not the one it was written with.", e);
        }

        return Encoding.UTF8.GetString(plain);
    }
}
