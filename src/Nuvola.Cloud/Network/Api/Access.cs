using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Network.Api;

/// <summary>Neutron's default policy, the parts this service enforces.</summary>
public static class Access
{
    /// <summary>Member or admin may change things; a reader only looks.</summary>
    public static void RequireWrite(AuthContext caller, string action)
    {
        if (!caller.CanWrite)
        {
            throw NeutronErrors.PolicyNotAuthorized("rule:" + action);
        }
    }

    /// <summary>Visible is not enough to change: the owner (or admin) must ask.</summary>
    public static void RequireOwner(AuthContext caller, string ownerProjectId, string action)
    {
        RequireWrite(caller, action);
        if (!caller.IsAdmin && caller.ProjectId != ownerProjectId)
        {
            throw NeutronErrors.PolicyNotAuthorized("rule:" + action);
        }
    }

    public static void RequireAdmin(AuthContext caller, string action, string attribute)
    {
        if (!caller.IsAdmin)
        {
            throw NeutronErrors.PolicyNotAuthorized($"rule:{action} and rule:{action}:{attribute}");
        }
    }

    /// <summary>The project of a new object: the caller's, or (admin only) the project_id/tenant_id of the body.</summary>
    public static string ProjectFor(AuthContext caller, NeutronBody body)
    {
        var asked = body.String("project_id") ?? body.String("tenant_id");
        if (asked is null || asked == caller.ProjectId)
        {
            return caller.RequireProject();
        }

        return caller.IsAdmin ? asked
            : throw NeutronErrors.BadRequest("Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin privileges");
    }
}
