namespace Nuvola.Templates.Yaml;

/// <summary>Diagnostic codes and messages of the YAML loader.</summary>
internal static class YamlMessages
{
    public const string Syntax = "YAML001";
    public const string DuplicateKey = "YAML002";
    public const string Tab = "YAML003";
    public const string ComplexKey = "YAML004";
    public const string UnknownAlias = "YAML005";
    public const string MultipleDocuments = "YAML006";
    public const string Unreadable = "YAML007";
    public const string DocumentTooLarge = "YAML008";
    public const string TooDeep = "YAML009";
    public const string TooManyAliases = "YAML010";
    public const string AliasesTooLarge = "YAML011";

    public static string DuplicateKeyMessage(string key, int firstLine) => $"key '{key}' appears twice in this mapping (first on line {firstLine}); the last one wins";

    public const string DuplicateKeyHint = "remove or rename one of the two keys";
    public const string TabMessage = "tab character in indentation; YAML indents with spaces only";
    public const string TabHint = "replace the tab with spaces";
}
