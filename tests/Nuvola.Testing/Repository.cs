namespace Nuvola.Testing;

/// <summary>Where the repository is, for tests that read its files (examples/, the built program's sources), and where
/// the shared folder is (../shared beside the checkout on the project's machines and in CI; absent elsewhere).</summary>
public static class Repository
{
    /// <summary>The directory holding Nuvola.slnx, found above the test assembly.</summary>
    public static string Root { get; } = Find();

    /// <summary>
    /// The shared folder (fixtures/, conformance/), or null when none is present: $NUVOLA_SHARED, else ../shared beside
    /// the checkout, else ../shared beside the main checkout when this one is a git worktree (as conformance/lib.sh).
    /// </summary>
    public static string? Shared { get; } = FindShared();

    /// <summary>The shared fixtures folder (<see cref="Shared"/>/fixtures); a path that does not exist when there is
    /// no shared folder, so that tests can check it is absent.</summary>
    public static string SharedFixtures => Path.Combine(Shared ?? Path.Combine(Root, "..", "shared"), "fixtures");

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Nuvola.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Nuvola.slnx not found above " + AppContext.BaseDirectory);
    }

    private static string? FindShared()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("NUVOLA_SHARED") is { Length: > 0 } fromEnvironment)
        {
            candidates.Add(fromEnvironment);
        }

        candidates.Add(Path.Combine(Root, "..", "shared"));
        // A worktree's .git is a file "gitdir: <main>/.git/worktrees/<name>".
        var gitFile = Path.Combine(Root, ".git");
        if (File.Exists(gitFile) && File.ReadAllText(gitFile).Trim() is var text && text.StartsWith("gitdir:", StringComparison.Ordinal))
        {
            var gitDirectory = new DirectoryInfo(text["gitdir:".Length..].Trim());
            if (gitDirectory.Parent?.Parent?.Parent is { } mainCheckout)
            {
                candidates.Add(Path.Combine(mainCheckout.FullName, "..", "shared"));
            }
        }

        return candidates.Select(Path.GetFullPath).FirstOrDefault(Directory.Exists);
    }
}
