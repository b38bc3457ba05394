namespace Nuvola.Testing;

/// <summary>Where the repository is, for tests that read its files (examples/, the built program's sources).</summary>
public static class Repository
{
    /// <summary>The directory holding Nuvola.slnx, found above the test assembly.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Nuvola.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Nuvola.slnx not found above " + AppContext.BaseDirectory);
    }
}
