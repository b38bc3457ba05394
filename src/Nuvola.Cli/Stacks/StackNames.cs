using System.Text.RegularExpressions;

namespace Nuvola.Cli.Stacks;

/// <summary>Stack names: given with --stack, or the template file's base name ("examples/hello.hot.yaml" → "hello").</summary>
internal static partial class StackNames
{
    private static readonly string[] Suffixes = [".yaml", ".yml", ".json", ".template", ".hot", ".heat", ".tosca"];

    /// <summary>The file's name without its directory and its template suffixes.</summary>
    public static string FromFile(string path)
    {
        var name = Path.GetFileName(path.TrimEnd('/', Path.DirectorySeparatorChar));
        var stripped = true;
        while (stripped)
        {
            stripped = false;
            foreach (var suffix in Suffixes)
            {
                if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    name = name[..^suffix.Length];
                    stripped = true;
                }
            }
        }

        return name;
    }

    /// <summary>Heat's rule: a letter, then letters, digits, '_', '-' or '.'; at most 255 characters.</summary>
    public static bool IsValid(string name) => name.Length <= 255 && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_.-]*$")]
    private static partial Regex Pattern();
}
