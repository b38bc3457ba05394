namespace Nuvola.Model.Diagnostics;

/// <summary>Where something stands in a source file: lines and columns count from 1; Path is the YAML path.</summary>
public readonly record struct SourceSpan(string File, int Line, int Column, string Path)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
