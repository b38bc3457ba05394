namespace Nuvola.Cloud.Hosting;

/// <summary>The API a request is addressed to, known from its path prefix; decides the error format.</summary>
public enum ServiceKind
{
    Other,
    Identity,
    Compute,
    Image,
    Network,
    Volume,
    Orchestration,
}

public static class ServiceKinds
{
    public static ServiceKind FromPath(PathString path)
    {
        var value = path.Value ?? string.Empty;
        return value switch
        {
            _ when value.StartsWith("/identity", StringComparison.Ordinal) => ServiceKind.Identity,
            _ when value.StartsWith("/compute", StringComparison.Ordinal) => ServiceKind.Compute,
            _ when value.StartsWith("/image", StringComparison.Ordinal) => ServiceKind.Image,
            _ when value.StartsWith("/network", StringComparison.Ordinal) => ServiceKind.Network,
            _ when value.StartsWith("/volume", StringComparison.Ordinal) => ServiceKind.Volume,
            _ when value.StartsWith("/heat-api", StringComparison.Ordinal) => ServiceKind.Orchestration,
            _ => ServiceKind.Other,
        };
    }
}
