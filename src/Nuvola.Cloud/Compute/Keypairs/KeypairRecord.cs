namespace Nuvola.Cloud.Compute.Keypairs;

/// <summary>A user's key pair (Nova keeps only the public half). Type is "ssh" or "x509".</summary>
public sealed record KeypairRecord(
    int Id,
    string UserId,
    string Name,
    string Type,
    string PublicKey,
    string Fingerprint,
    DateTimeOffset CreatedAt);
