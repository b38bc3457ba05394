using System.Text;
using Nuvola.Engine.State;

namespace Nuvola.Engine.Tests.State;

public sealed class SqliteStateStoreTests : StateStoreContract, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nuvola-state-" + Guid.NewGuid().ToString("N")[..12]);

    protected override IStateStore CreateStore() => SqliteStateStore.Open(_dir, Clock, _ => null);

    protected override Task<byte[]> StoredBytesAsync() =>
        Task.FromResult(Directory.GetFiles(_dir).Where(f => !f.EndsWith(StateKey.FileName, StringComparison.Ordinal))
            .SelectMany(File.ReadAllBytes).ToArray());

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task KeyFile_IsCreatedWithMode600_OutsideTheDatabase()
    {
        await using (var store = CreateStore())
        {
            await store.EnsureStackAsync(Stack);
        }

        var keyFile = Path.Combine(_dir, StateKey.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        var key = File.ReadAllText(keyFile).Trim();
        Assert.Equal(32, Convert.FromBase64String(key).Length);
        var db = File.ReadAllBytes(Path.Combine(_dir, SqliteStateStore.FileName));
        Assert.Equal(-1, db.AsSpan().IndexOf(Encoding.ASCII.GetBytes(key)));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task StateDirectory_Is700_AndTheDatabaseWithItsWal600()
    {
        var dir = Path.Combine(_dir, "home");
        await using (var store = SqliteStateStore.Open(dir, Clock))
        {
            await store.EnsureStackAsync(Stack);
            Assert.True(File.Exists(Path.Combine(dir, SqliteStateStore.FileName + "-wal")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
            foreach (var file in Directory.GetFiles(dir, SqliteStateStore.FileName + "*"))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }
    }

    [Fact]
    public async Task StateKeyVariable_WinsOverTheFile_AndAWrongKeyCannotReadSecrets()
    {
        var keyA = Convert.ToBase64String(new byte[32]);
        var keyB = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray());
        await using (var store = SqliteStateStore.Open(_dir, Clock, v => v == StateKey.EnvironmentVariable ? keyA : null))
        {
            await store.EnsureStackAsync(Stack);
            await store.PutResourceAsync(Stack, Resource("pw", $$"""{"p":"{{Secret}}"}""", "{}", "p"));
        }

        Assert.False(File.Exists(Path.Combine(_dir, StateKey.FileName)));
        await using var wrong = SqliteStateStore.Open(_dir, Clock, v => v == StateKey.EnvironmentVariable ? keyB : null);
        var error = await Assert.ThrowsAsync<StateException>(() => wrong.GetResourcesAsync(Stack));
        Assert.Contains("state key", error.Message);
    }

    [Fact]
    public async Task Schema_IsMigratedToTheLatestVersion_AndReopeningKeepsData()
    {
        await using (var store = (SqliteStateStore)CreateStore())
        {
            await store.EnsureStackAsync(Stack);
            Assert.Equal(store.SchemaVersion, await store.GetDatabaseSchemaVersionAsync());
            Assert.Equal(4, store.SchemaVersion);
        }

        await using var reopened = CreateStore();
        Assert.NotNull(await reopened.GetStackAsync(Stack));
    }
}
