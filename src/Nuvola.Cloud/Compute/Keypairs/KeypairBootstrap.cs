using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Keypairs;

/// <summary>
/// First start: the profile's key pairs (e.g. fg-cloud's "cloudkey" of nom_utilisateur), generated as
/// `openstack keypair create` would; Nova keeps the public half, the private half is written to
/// DATA_DIR/NAME.pem (mode 600) as the user would keep it.
/// </summary>
public static class KeypairBootstrap
{
    public static void Run(KeypairStore keypairs, IdentityStore identity, BootstrapContext context)
    {
        foreach (var profile in context.Profile.Keypairs)
        {
            var user = identity.FindUserByName(profile.User, IdentityStore.DefaultDomainId)
                ?? throw new InvalidOperationException($"profile key pair '{profile.Name}' names an unknown user '{profile.User}'");
            if (keypairs.Find(user.Id, profile.Name) is not null)
            {
                continue;
            }

            var (publicKey, privateKey) = KeypairCrypto.GenerateSsh();
            lock (keypairs.Sync)
            {
                keypairs.Put(new KeypairRecord(
                    keypairs.NextId(), user.Id, profile.Name, "ssh", publicKey, KeypairCrypto.Fingerprint(publicKey, "ssh"), context.Time.GetUtcNow()));
            }

            WritePrivateKey(Path.Combine(context.Options.DataDirectory, profile.Name + ".pem"), privateKey);
        }
    }

    private static void WritePrivateKey(string path, string privateKey)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, privateKey);
            return;
        }

        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(privateKey);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
