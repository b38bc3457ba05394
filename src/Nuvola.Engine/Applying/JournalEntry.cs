using Nuvola.Engine.State;

namespace Nuvola.Engine.Applying;

/// <summary>What an apply did to one resource, kept to roll it back.</summary>
internal enum JournalKind
{
    /// <summary>A new object exists under Name (created, adopted, or left by a failed create).</summary>
    Created,

    /// <summary>Name was updated in place from Prior.</summary>
    Updated,

    /// <summary>Prior was deleted (a planned delete or the first half of a delete-before-create).</summary>
    Deleted,

    /// <summary>Name was replaced create-before-delete; Prior is the old object, kept as Deposed until deleted.</summary>
    Replaced,
}

internal sealed record JournalEntry(JournalKind Kind, string Name, ResourceRecord? Prior = null, string? DeposedName = null);
