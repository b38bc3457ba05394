using System.Text;
using Nuvola.Model.Diagnostics;
using Nuvola.Templates.Hot;

namespace Nuvola.Templates.Tests.Hot;

/// <summary>
/// Issue 16 section 5: a deterministic mutation run over the project's templates (examples/, the shared HOT fixtures
/// when ../shared exists, and a few seeds that use anchors and functions). Every mutant loads without an exception and
/// every diagnostic it gives is located; the deep-nesting and huge-repeat mutants hit the limits (a diagnostic, not
/// a long run).
/// </summary>
public sealed class MutationTests
{
    private const int MutantsPerSeed = 160;

    private static readonly string[] InlineSeeds =
    [
        """
        heat_template_version: 2018-08-31
        parameters:
          names: { type: comma_delimited_list, default: [a, b, c] }
          base: &base { flavor: m1.small, image: cirros }
        conditions:
          big: { equals: [{ get_param: names }, [a]] }
          small: { not: big }
        resources:
          group:
            type: OS::Heat::Value
            condition: small
            properties:
              value:
                repeat:
                  for_each: { <%n%>: { get_param: names }, <%m%>: [1, 2] }
                  template: { name: "<%n%>-<%m%>", meta: *base }
          text:
            type: OS::Heat::Value
            properties:
              value: { str_replace: { template: "$a and $b", params: { $a: { list_join: [",", { get_param: names }] }, $b: x } } }
        outputs:
          o: { value: { list_concat: [[1], { get_attr: [group, value] }] } }
        """,
        """
        heat_template_version: 2016-10-14
        resources:
          a: { type: OS::Heat::RandomString, properties: { length: 8 } }
          b:
            type: OS::Heat::Value
            depends_on: [a]
            properties: { value: { map_merge: [{ x: 1 }, { y: { get_resource: a } }] } }
        outputs:
          o: { value: { if: [true, { get_attr: [b, value] }, null] } }
        """,
    ];

    private static readonly string[] Snippets =
    [
        "[", "{", ":", "&a ", "*a", "\t", "- ", "]", "}", ",", "? ", "!!str ", "|\n", "'", "\"", "#", "%", "@", "*", "&", "\n", " ",
        "{get_param: x}", "{get_resource: a}", "&a [1, 2]", "[*a, *a, *a, *a]",
    ];

    private static IEnumerable<(string Name, string Text)> Seeds()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TemplateFiles.RepositoryRoot(), "examples"), "*.yaml").Order(StringComparer.Ordinal))
        {
            yield return (file, File.ReadAllText(file));
        }

        var shared = Path.Combine(TemplateFiles.SharedFixtures, "hot");
        if (Directory.Exists(shared))
        {
            foreach (var file in Directory.EnumerateFiles(shared, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                yield return (file, File.ReadAllText(file));
            }
        }

        for (var i = 0; i < InlineSeeds.Length; i++)
        {
            yield return (Path.Combine(TemplateFiles.RepositoryRoot(), "examples", $"inline-seed-{i}.yaml"), InlineSeeds[i]);
        }
    }

    [Fact]
    public void Thousands_of_mutants_of_the_projects_templates_give_located_diagnostics_and_never_throw()
    {
        var failures = new List<string>();
        var mutants = 0;
        var deepHits = 0;
        var deepTries = 0;
        var repeatHits = 0;
        var repeatTries = 0;
        var seedNumber = 0;
        foreach (var (file, text) in Seeds())
        {
            var random = new Random(1_600 + seedNumber++);
            for (var i = 0; i < MutantsPerSeed; i++)
            {
                var mutant = text;
                var kinds = new List<string>();
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    var (kind, next) = Mutate(mutant, random);
                    kinds.Add(kind);
                    mutant = next;
                }

                mutants++;
                TemplateResult result;
                try
                {
                    result = HotTemplates.Parse(mutant, file);
                }
                catch (Exception exception)
                {
                    failures.Add($"{Path.GetFileName(file)} #{i} ({string.Join(", ", kinds)}): {exception.GetType().Name}: {exception.Message}\n{exception.StackTrace}");
                    continue;
                }

                foreach (var diagnostic in result.Diagnostics.Where(d => d.Severity == Severity.Error))
                {
                    if (diagnostic.Span is not { Line: >= 1, Column: >= 1 } span || string.IsNullOrEmpty(span.File) || string.IsNullOrEmpty(diagnostic.Code))
                    {
                        failures.Add($"{Path.GetFileName(file)} #{i} ({string.Join(", ", kinds)}): unlocated {diagnostic}");
                    }
                }

                var codes = result.Diagnostics.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
                if (kinds.Contains("deep nesting"))
                {
                    deepTries++;
                    deepHits += codes.Contains("YAML009") ? 1 : 0;
                }

                if (kinds.Contains("huge repeat"))
                {
                    repeatTries++;
                    repeatHits += codes.Contains("EVAL009") ? 1 : 0;
                }
            }
        }

        Assert.True(mutants >= 800, $"only {mutants} mutants");
        Assert.Empty(failures.Take(10));
        Assert.True(deepHits > 0 && deepTries > 0, $"deep nesting hit the depth limit in {deepHits} of {deepTries} mutants");
        Assert.True(repeatHits > 0 && repeatTries > 0, $"a huge repeat hit the value limit in {repeatHits} of {repeatTries} mutants");
    }

    private static (string Kind, string Text) Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var at = text.Length == 0 ? 0 : random.Next(text.Length);
        var line = random.Next(lines.Count);
        switch (random.Next(11))
        {
            case 0:
                return ("truncate", text[..at]);
            case 1:
                lines.RemoveAt(line);
                return ("delete a line", string.Join('\n', lines));
            case 2:
                lines.Insert(line, lines[line]);
                return ("duplicate a line", string.Join('\n', lines));
            case 3:
                var count = Math.Min(random.Next(2, 12), lines.Count - line);
                lines.InsertRange(line, lines.GetRange(line, count));
                return ("duplicate a block", string.Join('\n', lines));
            case 4 when text.Length > 1:
                var chars = text.ToCharArray();
                var other = random.Next(chars.Length);
                (chars[at], chars[other]) = (chars[other], chars[at]);
                return ("swap characters", new string(chars));
            case 5:
                var replaced = text.ToCharArray();
                if (replaced.Length > 0)
                {
                    replaced[at] = Replacements[random.Next(Replacements.Length)];
                }

                return ("replace a character", new string(replaced));
            case 6:
                var indent = lines[line].Length - lines[line].TrimStart(' ').Length;
                lines[line] = lines[line][..indent] + "\t" + lines[line][indent..];
                return ("tab", string.Join('\n', lines));
            case 7:
                var depth = random.Next(YamlDepthFloor, 3_000);
                var closed = random.Next(2) == 0;
                var nesting = new string('[', depth) + (closed ? new string(']', depth) : string.Empty);
                return ("deep nesting", InsertValue(lines, line, nesting));
            case 8:
                var loops = string.Join(", ", Enumerable.Range(0, random.Next(5, 9)).Select(k => $"<%{k}%>: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]"));
                var body = string.Concat(Enumerable.Range(0, 9).Select(k => $"<%{k}%>"));
                return ("huge repeat", InsertValue(lines, line, $"{{repeat: {{for_each: {{{loops}}}, template: \"x{body}\"}}}}"));
            case 9:
                var anchors = new StringBuilder("&l0 [x, x, x, x, x, x, x, x]");
                return ("alias bomb", InsertValue(lines, line, anchors.ToString()) + "\n" + string.Concat(Enumerable.Range(1, 9).Select(k => $"l{k}: &l{k} [{string.Join(", ", Enumerable.Repeat($"*l{k - 1}", 8))}]\n")));
            default:
                return ("insert", text.Insert(at, Snippets[random.Next(Snippets.Length)]));
        }
    }

    /// <summary>Puts <paramref name="value"/> as the value of the mapping entry on a line that has one (else appends it).</summary>
    private static string InsertValue(List<string> lines, int from, string value)
    {
        for (var k = 0; k < lines.Count; k++)
        {
            var index = (from + k) % lines.Count;
            var colon = lines[index].IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0 && !lines[index].TrimStart().StartsWith('#'))
            {
                lines[index] = lines[index][..(colon + 2)] + value;
                return string.Join('\n', lines);
            }
        }

        return string.Join('\n', lines) + "\nx: " + value;
    }

    private const int YamlDepthFloor = 200;

    private const string Replacements = " -:[]{}&*!|>'\"#%@`,?\n\t";
}
