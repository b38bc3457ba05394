namespace Nuvola.Engine.State;

/// <summary>
/// Directories and databases that hold state are the owner's alone: directories 700, database files 600 (SQLite
/// gives its -wal and -shm files the database's mode). An existing file or directory is narrowed to that mode.
/// </summary>
public static class PrivateFiles
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> (and its parents) if absent and makes it 700.</summary>
    public static void Directory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
            return;
        }

        System.IO.Directory.CreateDirectory(path, DirectoryMode);
        if (System.IO.File.GetUnixFileMode(path) != DirectoryMode)
        {
            System.IO.File.SetUnixFileMode(path, DirectoryMode);
        }
    }

    /// <summary>Makes the SQLite database at <paramref name="path"/> 600 before SQLite opens it: created empty if
    /// absent (SQLite takes an empty file as a new database), narrowed if present, with its -wal and -shm files.</summary>
    public static void Database(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!System.IO.File.Exists(path))
        {
            var options = new FileStreamOptions { Mode = System.IO.FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = FileMode };
            using (new FileStream(path, options))
            {
            }
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            if (System.IO.File.Exists(file) && System.IO.File.GetUnixFileMode(file) != FileMode)
            {
                System.IO.File.SetUnixFileMode(file, FileMode);
            }
        }
    }
}
