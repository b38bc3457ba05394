using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Compute.Keypairs;

/// <summary>
/// Key generation and fingerprints as Nova makes them: ssh keys are fingerprinted with MD5 over the
/// OpenSSH public key blob (aa:bb:...), x509 certificates with SHA-1 over the DER certificate.
/// </summary>
public static class KeypairCrypto
{
    private static readonly string[] SshKeyTypes =
    [
        "ssh-rsa", "ssh-ed25519", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ];

    /// <summary>A new RSA 2048 key: the OpenSSH public key and the PEM private key.</summary>
    public static (string PublicKey, string PrivateKey) GenerateSsh()
    {
        using var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(false);
        var blob = new MemoryStream();
        WriteString(blob, Encoding.ASCII.GetBytes("ssh-rsa"));
        WriteString(blob, MpInt(parameters.Exponent!));
        WriteString(blob, MpInt(parameters.Modulus!));
        return ("ssh-rsa " + Convert.ToBase64String(blob.ToArray()) + " Generated-by-Nova", rsa.ExportRSAPrivateKeyPem() + "\n");
    }

    /// <summary>A new self-signed x509 certificate (PEM) and its RSA private key (PEM).</summary>
    public static (string Certificate, string PrivateKey) GenerateX509(string commonName, DateTimeOffset now)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(Subject(commonName), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-1), now.AddYears(10));
        return (certificate.ExportCertificatePem() + "\n", rsa.ExportRSAPrivateKeyPem() + "\n");
    }

    /// <summary>The fingerprint of an imported public key; 400 with Nova's message when it is not one.</summary>
    public static string Fingerprint(string publicKey, string type) =>
        (type == "x509" ? X509Fingerprint(publicKey) : SshFingerprint(publicKey))
        ?? throw ApiException.BadRequest("Keypair data is invalid: failed to generate fingerprint");

    private static string? SshFingerprint(string publicKey)
    {
        var parts = publicKey.Trim().Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !SshKeyTypes.Contains(parts[0]))
        {
            return null;
        }

        var blob = new byte[parts[1].Length];
        if (!Convert.TryFromBase64String(parts[1], blob, out var length) || length < 4)
        {
            return null;
        }

        var span = blob.AsSpan(0, length);
        var nameLength = BinaryPrimitives.ReadUInt32BigEndian(span);
        if (nameLength > length - 4 || Encoding.ASCII.GetString(span.Slice(4, (int)nameLength)) != parts[0] || length < 4 + nameLength + 8)
        {
            return null;
        }

        return Colons(MD5.HashData(span));
    }

    private static string? X509Fingerprint(string pem)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(pem);
            return Colons(SHA1.HashData(certificate.RawData));
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string Colons(byte[] hash) => string.Join(":", hash.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    private static byte[] MpInt(byte[] magnitude) => magnitude.Length > 0 && (magnitude[0] & 0x80) != 0 ? [0, .. magnitude] : magnitude;

    private static void WriteString(MemoryStream stream, byte[] value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)value.Length);
        stream.Write(length);
        stream.Write(value);
    }

    private static X500DistinguishedName Subject(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        return builder.Build();
    }
}
