using Nuvola.Templates.Yaml;

namespace Nuvola.Templates.Hot;

/// <summary>What a template names (get_file, a nested template, an environment's registry target) as found.</summary>
/// <param name="Text">The file's content; null when it was not found.</param>
/// <param name="Name">The name a nested template's diagnostics carry (its path, or its key in the files map).</param>
/// <param name="Identity">One name per file, so that a template that contains itself is seen.</param>
/// <param name="Problem">Why it was not found, in words (null when found).</param>
internal sealed record FileFound(string? Text, string Name, string Identity, string? Problem)
{
    public bool Found => Text is not null;
}

/// <summary>
/// The one way a load reaches files: the root template, environment files, get_file contents, nested templates
/// and resource_registry targets. <see cref="Disk"/> (the CLI: the user's own files) looks in the in-memory files
/// first and then reads the disk relative to the naming template; <see cref="FilesMap"/> (the Heat API) knows only
/// the request's `files` map and never touches the disk, whatever the name (absolute, ../, a URL).
/// </summary>
internal abstract class TemplateFileSource
{
    public static TemplateFileSource For(TemplateOptions options) =>
        options.FilesOnly ? new FilesMap(options.Files) : new Disk(options.Files);

    /// <summary>True for the files map only (the Heat API), whose errors are worded as Heat's.</summary>
    public bool FilesOnly => this is FilesMap;

    /// <summary>What names inside <paramref name="file"/> are relative to (a directory, or a base in the files map).</summary>
    public abstract string BaseOf(string file);

    /// <summary>The identity of a template loaded under <paramref name="file"/> (the root, for recursion checks).</summary>
    public abstract string IdentityOf(string file);

    /// <summary>The file <paramref name="asWritten"/> names, relative to <paramref name="baseName"/>.</summary>
    public abstract FileFound Find(string asWritten, string baseName);

    /// <summary>Whether <paramref name="asWritten"/> names a file (without reading it when the disk can tell).</summary>
    public virtual bool Exists(string asWritten, string baseName) => Find(asWritten, baseName).Found;

    /// <summary>A template or environment by its own name (the root template, an environment file).</summary>
    public abstract YamlDocument Load(string file);

    protected static bool IsRemote(string name) => HotCompiler.IsUrl(name) && !name.StartsWith("file://", StringComparison.Ordinal);

    /// <summary>The CLI's source: the in-memory files (by the name as written, full path or file:// URL), then the disk.</summary>
    private sealed class Disk(IReadOnlyDictionary<string, string> files) : TemplateFileSource
    {
        public override string BaseOf(string file) => Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";

        public override string IdentityOf(string file) => Path.GetFullPath(file);

        public override FileFound Find(string asWritten, string baseName)
        {
            if (InMemory(asWritten, baseName, out var key) is { } text)
            {
                return new FileFound(text, key, "files:" + key, null);
            }

            if (HotCompiler.IsUrl(asWritten))
            {
                return new FileFound(null, asWritten, asWritten, "remote files are not fetched");
            }

            var full = Path.GetFullPath(Path.Combine(baseName, asWritten));
            try
            {
                return new FileFound(File.ReadAllText(full), full, full, null);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return new FileFound(null, full, full, exception.Message);
            }
        }

        public override bool Exists(string asWritten, string baseName) =>
            InMemory(asWritten, baseName, out _) is not null
            || (!HotCompiler.IsUrl(asWritten) && File.Exists(Path.Combine(baseName, asWritten)));

        public override YamlDocument Load(string file) =>
            files.TryGetValue(file, out var text) ? YamlLoader.Load(text, file) : YamlLoader.LoadFile(file);

        private string? InMemory(string asWritten, string directory, out string key)
        {
            key = asWritten;
            if (files.Count == 0)
            {
                return null;
            }

            if (files.TryGetValue(asWritten, out var text))
            {
                return text;
            }

            if (!HotCompiler.IsUrl(asWritten))
            {
                var full = Path.GetFullPath(Path.Combine(directory, asWritten));
                foreach (var candidate in new[] { full, "file://" + full })
                {
                    if (files.TryGetValue(candidate, out text))
                    {
                        key = candidate;
                        return text;
                    }
                }
            }

            return null;
        }
    }

    /// <summary>
    /// The Heat API's source: only the request's `files` map, by the name as written, or relative to the naming
    /// file's key ("nested/a.yaml" names "nested/b.yaml" as "b.yaml"; a file:// or http(s) key likewise). Nothing
    /// else exists: no disk, no network.
    /// </summary>
    private sealed class FilesMap(IReadOnlyDictionary<string, string> files) : TemplateFileSource
    {
        public override string BaseOf(string file)
        {
            var slash = file.LastIndexOf('/');
            return slash < 0 ? string.Empty : file[..(slash + 1)];
        }

        public override string IdentityOf(string file) => "files:" + file;

        public override FileFound Find(string asWritten, string baseName)
        {
            if (files.TryGetValue(asWritten, out var text))
            {
                return new FileFound(text, asWritten, "files:" + asWritten, null);
            }

            if (Relative(asWritten, baseName) is { } key && files.TryGetValue(key, out text))
            {
                return new FileFound(text, key, "files:" + key, null);
            }

            var problem = IsRemote(asWritten)
                ? "the cloud does not fetch remote URLs"
                : "it is not in the request's files map (the Orchestration API reads no local files)";
            return new FileFound(null, asWritten, "files:" + asWritten, problem);
        }

        public override YamlDocument Load(string file) =>
            files.TryGetValue(file, out var text)
                ? YamlLoader.Load(text, file)
                : new YamlDocument(file, null, [new Model.Diagnostics.Diagnostic(Model.Diagnostics.Severity.Error, YamlMessages.Unreadable,
                    $"no content found in the files map for '{file}'", new Model.Diagnostics.SourceSpan(file, 1, 1, string.Empty))]);

        /// <summary><paramref name="name"/> joined to the naming file's base, ../ and ./ resolved; null when it leaves the base's root or is absolute.</summary>
        private static string? Relative(string name, string baseName)
        {
            if (baseName.Length == 0 || HotCompiler.IsUrl(name) || name.StartsWith('/'))
            {
                return null;
            }

            var scheme = baseName.IndexOf("://", StringComparison.Ordinal) is var s and >= 0 ? baseName.IndexOf('/', s + 3) : 0;
            if (scheme < 0)
            {
                return null;
            }

            var root = baseName[..scheme];
            var parts = new List<string>();
            foreach (var part in (baseName[scheme..] + name).Split('/'))
            {
                if (part is "" or ".")
                {
                    continue;
                }

                if (part == "..")
                {
                    if (parts.Count == 0)
                    {
                        return null;
                    }

                    parts.RemoveAt(parts.Count - 1);
                    continue;
                }

                parts.Add(part);
            }

            var joined = string.Join('/', parts);
            return scheme > 0 || baseName.StartsWith('/') ? root + "/" + joined : joined;
        }
    }
}
