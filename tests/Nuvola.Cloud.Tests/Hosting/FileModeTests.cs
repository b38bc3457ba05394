using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Hosting;

/// <summary>The cloud's data directory is its owner's alone: directories 700, SQLite databases (and -wal/-shm) 600.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FileModeTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = Private | UnixFileMode.UserExecute;

    [Fact]
    public async Task A_new_data_directory_and_its_databases_are_private()
    {
        await using var cloud = await TestCloud.StartAsync();

        await WriteSomethingAsync(cloud);

        AssertPrivate(cloud.DataDirectory);
    }

    [Fact]
    public async Task An_existing_open_data_directory_is_narrowed_at_start()
    {
        var directory = Path.Combine(Path.GetTempPath(), "nuvola-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            await (await TestCloud.StartAsync(directory)).DisposeAsync();
            File.SetUnixFileMode(directory, PrivateDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            File.SetUnixFileMode(Path.Combine(directory, "nuvola.db"), Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            await using var reopened = await TestCloud.StartAsync(directory);
            await WriteSomethingAsync(reopened);

            AssertPrivate(directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A stack: writes to the cloud's database (its WAL) and opens the orchestration state.</summary>
    private static async Task WriteSomethingAsync(TestCloud cloud)
    {
        using var heat = await Orchestration.HeatApiClient.ForAsync(cloud);
        await heat.CreateStackAsync("modes-" + Guid.NewGuid().ToString("N")[..6], "heat_template_version: 2018-08-31\nresources: {}\n");
    }

    private static void AssertPrivate(string directory)
    {
        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(directory));
        var databases = Directory.GetFiles(directory, "*.db*", SearchOption.AllDirectories);
        Assert.Contains(databases, f => f.EndsWith("nuvola.db-wal", StringComparison.Ordinal));
        Assert.Contains(databases, f => f.EndsWith(Path.Combine("orchestration", "nuvola-state.db"), StringComparison.Ordinal));
        foreach (var file in databases.Concat(Directory.GetFiles(directory, "*.key", SearchOption.AllDirectories)))
        {
            Assert.True(File.GetUnixFileMode(file) == Private, $"{file} is {File.GetUnixFileMode(file)}");
        }

        Assert.Equal(PrivateDirectory, File.GetUnixFileMode(Path.Combine(directory, "orchestration")));
    }
}
