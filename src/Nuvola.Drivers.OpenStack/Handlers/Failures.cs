using Nuvola.Drivers.OpenStack.Session;
using Nuvola.Engine.Applying;

namespace Nuvola.Drivers.OpenStack.Handlers;

/// <summary>Error helpers shared by handlers.</summary>
internal static class Failures
{
    /// <summary>The same failure, carrying the id of the object a failed create left behind.</summary>
    public static OpenStackApiException WithId(DriverException e, string physicalId) =>
        new((e as OpenStackApiException)?.Resource, e.Call ?? "create", e.StatusCode, e.CloudMessage ?? e.Message, e.IsTransient,
            e.RequestId, e.RetryAfter, e)
        {
            PhysicalId = physicalId,
        };

    /// <summary>A property value the driver cannot use (a template error the validator could not see).</summary>
    public static OpenStackApiException Invalid(string subject, string message) =>
        new(subject, "property check", 400, message, isTransient: false);

    /// <summary>Runs the steps after an object exists; a failure names the object so the engine can delete it.</summary>
    public static async Task<T> AfterCreateAsync<T>(string physicalId, Func<Task<T>> steps)
    {
        try
        {
            return await steps().ConfigureAwait(false);
        }
        catch (DriverException e) when (e.PhysicalId is null)
        {
            throw WithId(e, physicalId);
        }
    }
}
