using Nuvola.Model.Diagnostics;
using Nuvola.Templates.Hot;
using Nuvola.Testing;

namespace Nuvola.Templates.Tests;

/// <summary>Helpers: templates written to a temporary directory, the repository root, the shared fixtures.</summary>
internal static class TemplateFiles
{
    public static string SharedFixtures => Repository.SharedFixtures;

    public static string RepositoryRoot() => Repository.Root;

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "nuvola-templates-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes the files (name → text) into a new directory and returns its path.</summary>
    public static string Write(params (string Name, string Text)[] files)
    {
        var directory = TempDirectory();
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(directory, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        return directory;
    }

    public static TemplateResult Parse(string text, TemplateOptions? options = null) => HotTemplates.Parse(text, "t.yaml", options);

    public static IEnumerable<Diagnostic> Errors(this TemplateResult result) => result.Diagnostics.Where(d => d.Severity == Severity.Error);

    public static string Codes(this TemplateResult result) => string.Join(",", result.Errors().Select(d => d.Code));
}
