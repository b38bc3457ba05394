using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nuvola.Cloud.Hosting;

namespace Nuvola.Cloud.Identity;

/// <summary>Identity (Keystone v3): its services, its routes under /identity, and its first-start objects.</summary>
public static class IdentityModule
{
    public static IServiceCollection AddIdentity(this IServiceCollection services)
    {
        services.AddSingleton<IdentityStore>();
        services.AddSingleton<TokenService>();
        services.AddSingleton(provider => new PasswordHasher(provider.GetRequiredService<CloudOptions>().PasswordIterations));
        services.TryAddSingleton(new SecurityCompliance());
        services.AddSingleton<UserPasswords>();
        return services;
    }

    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder routes)
    {
        routes.MapIdentityVersions();
        routes.MapAuth();
        routes.MapProjects();
        routes.MapDomains();
        routes.MapUsers();
        routes.MapGroups();
        routes.MapRoles();
        routes.MapRoleAssignments();
        routes.MapApplicationCredentials();
        routes.MapCatalog();
        return routes;
    }

    /// <summary>Domain Default, roles admin/member/reader (admin implies member implies reader), the profile's projects and users.</summary>
    public static IdentityBootstrapResult Bootstrap(IdentityStore identity, PasswordHasher hasher, CloudProfile profile, CloudOptions options, TimeProvider time)
    {
        var now = time.GetUtcNow();
        identity.Domains.Put(IdentityStore.DefaultDomainId, new DomainRecord(IdentityStore.DefaultDomainId, "Default", "The default domain", true));
        var reader = new RoleRecord(NewId(), RoleNames.Reader);
        var member = new RoleRecord(NewId(), RoleNames.Member, Implies: [reader.Id]);
        var admin = new RoleRecord(NewId(), RoleNames.Admin, Implies: [member.Id]);
        foreach (var role in new[] { reader, member, admin })
        {
            identity.Roles.Put(role.Id, role);
        }

        var projectIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var project in profile.Projects)
        {
            var id = NewId();
            identity.Projects.Put(id, new ProjectRecord(id, project.Name, IdentityStore.DefaultDomainId, project.Description, true));
            projectIds[project.Name] = id;
        }

        var credentials = new List<UserCredential>();
        string? adminUserId = null;
        foreach (var user in profile.Users)
        {
            var password = user.Password
                ?? (user.Name == "admin" ? options.AdminPassword : user.Name == "demo" ? options.DemoPassword : null)
                ?? GeneratePassword();
            var id = NewId();
            var projectId = projectIds[user.Project];
            identity.Users.Put(id, new UserRecord(id, user.Name, IdentityStore.DefaultDomainId, hasher.Hash(password), true, now, DefaultProjectId: projectId, PasswordChangedAt: now));
            foreach (var roleName in user.Roles)
            {
                identity.Assign(identity.FindRoleByName(roleName)!.Id, id, projectId, null);
            }

            if (user.Name == "admin")
            {
                identity.Assign(admin.Id, id, null, IdentityStore.DefaultDomainId);
                adminUserId = id;
            }

            credentials.Add(new UserCredential(user.Name, password, user.Project));
        }

        return new IdentityBootstrapResult(projectIds, projectIds["admin"], adminUserId ?? throw new InvalidOperationException("the profile has no admin user"), credentials);
    }

    public static string NewId() => Guid.NewGuid().ToString("N");

    private static string GeneratePassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
}

public sealed record UserCredential(string UserName, string Password, string ProjectName);

public sealed record IdentityBootstrapResult(IReadOnlyDictionary<string, string> ProjectIds, string AdminProjectId, string AdminUserId, IReadOnlyList<UserCredential> Credentials);
