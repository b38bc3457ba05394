namespace Nuvola.Model.Evaluation;

/// <summary>What the evaluator cannot know by itself: supplied by the caller (validation: parameters only; engine: deployed resources).
/// Return <see cref="UnknownValue.Instance"/> for what is not known yet.</summary>
public interface IExpressionResolver
{
    /// <summary>The parameter's value (already typed), Unknown if it has none yet; false if it is not declared.</summary>
    bool TryGetParameter(string name, out object? value);

    /// <summary>The resource's physical id (get_resource).</summary>
    object? GetResourceId(string resource);

    /// <summary>The resource's attribute (get_attr); attribute is null for "all attributes".</summary>
    object? GetAttribute(string resource, string? attribute);

    /// <summary>The named condition's value (true/false), or Unknown.</summary>
    object? GetCondition(string name);

    /// <summary>resource_facade: metadata, deletion_policy or update_policy of the resource this nested stack stands for.</summary>
    object? GetResourceFacade(string kind);

    /// <summary>get_file content when the loader did not inline it.</summary>
    object? GetFile(string path);
}
