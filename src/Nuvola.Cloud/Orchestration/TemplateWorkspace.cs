using Nuvola.Cloud.Hosting;
using Nuvola.Templates;

namespace Nuvola.Cloud.Orchestration;

/// <summary>
/// A request's template, files and environment written to a private temporary directory, so that the template
/// compiler resolves nested templates and get_file by the names the request uses. Removed on dispose.
/// </summary>
public sealed class TemplateWorkspace : IDisposable
{
    public const string TemplateName = "template.yaml";

    private readonly string _directory;

    private TemplateWorkspace(string directory) => _directory = directory;

    public string TemplatePath => Path.Combine(_directory, TemplateName);

    public IReadOnlyList<string> EnvironmentPaths { get; private set; } = [];

    public static TemplateWorkspace Create(string template, IReadOnlyDictionary<string, string> files, IReadOnlyList<string> environments)
    {
        var directory = Path.Combine(Path.GetTempPath(), "nuvola-heat-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var workspace = new TemplateWorkspace(directory);
        // A client sends local files under their URL (file:///…) and names them so in the template: point those
        // names at the copies in the workspace.
        var renames = files.Keys.Where(n => n.Contains("://", StringComparison.Ordinal) && RelativeName(n) is not null)
            .OrderByDescending(n => n.Length).ToList();
        string Rewrite(string text) => renames.Aggregate(text, (t, n) => t.Replace(n, RelativeName(n), StringComparison.Ordinal));
        template = Rewrite(template);
        foreach (var (name, original) in files)
        {
            var text = Rewrite(original);
            var relative = RelativeName(name);
            if (relative is null)
            {
                continue;
            }

            var path = Path.GetFullPath(Path.Combine(directory, relative));
            if (!path.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        File.WriteAllText(workspace.TemplatePath, template);
        var envPaths = new List<string>();
        for (var i = 0; i < environments.Count; i++)
        {
            var path = Path.Combine(directory, $".environment-{i}.yaml");
            File.WriteAllText(path, environments[i]);
            envPaths.Add(path);
        }

        workspace.EnvironmentPaths = envPaths;
        return workspace;
    }

    /// <summary>Compiles the template (through the one entry point: the language is checked by the caller) with the environments and parameter values.</summary>
    public TemplateResult Load(IReadOnlyDictionary<string, string> parameters, bool requireValues) =>
        TemplateLoader.Load(TemplatePath, new TemplateOptions
        {
            EnvironmentFiles = EnvironmentPaths,
            Parameters = [.. parameters],
            RequireParameterValues = requireValues,
        });

    /// <summary>A files-map name as a path under the workspace ("file:///x/y.yaml" and absolute names keep their last part), or null.</summary>
    private static string? RelativeName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name == TemplateName)
        {
            return null;
        }

        if (Uri.TryCreate(name, UriKind.Absolute, out var uri) && uri.Scheme != "file" && name.Contains("://", StringComparison.Ordinal))
        {
            return uri.Segments.Length > 0 ? Uri.UnescapeDataString(uri.Segments[^1]) : null;
        }

        if (name.StartsWith("file://", StringComparison.Ordinal))
        {
            name = name["file://".Length..];
        }

        name = name.TrimStart('/');
        return name.Length == 0 || name.Contains('\0', StringComparison.Ordinal) ? null : name;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    internal static ApiException Invalid(string message) => ApiException.BadRequest(message, "StackValidationFailed");
}
