namespace Nuvola.Templates.Yaml;

/// <summary>
/// What one YAML file may ask of the loader (docs/templates.md, "Limits"): beyond each, a located error and the rest
/// of the file is not expanded. Heat's own limits are the model: max_template_size 524288 bytes.
/// </summary>
public static class YamlLimits
{
    /// <summary>The largest template, environment or nested template, in UTF-8 bytes (Heat's max_template_size).</summary>
    public const int MaxDocumentBytes = 524_288;

    /// <summary>How deep lists and mappings may nest. Every later stage (expressions, evaluation, JSON) recurses at most this deep.</summary>
    public const int MaxDepth = 128;

    /// <summary>How many aliases (<c>*name</c>) one file may use.</summary>
    public const int MaxAliases = 10_000;

    /// <summary>How many nodes aliases may add to a file, counting each alias as a copy of its anchor's content.</summary>
    public const int MaxAliasNodes = 100_000;
}
