namespace Nuvola.Engine.Applying;

/// <summary>A failure of the engine itself for one resource (no driver for a type, an unresolvable value).</summary>
public sealed class EngineException : Exception
{
    public EngineException()
    {
    }

    public EngineException(string message)
        : base(message)
    {
    }

    public EngineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EngineException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    public string? Code { get; }
}
