using System.Globalization;
using System.Text.Json.Nodes;
using Nuvola.Cloud.Compute.Flavors;
using Nuvola.Cloud.Compute.Limits;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Keypairs;

/// <summary>/compute/v2.1/os-keypairs: a user's key pairs (type from 2.2, user_id for admin from 2.10, paging from 2.35).</summary>
public static class KeypairEndpoints
{
    private const string Rule = "os_compute_api:os-keypairs";
    private const string SafeNameCharacters = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_ ";

    public static RouteGroupBuilder MapKeypairs(this RouteGroupBuilder api)
    {
        api.MapGet("/os-keypairs", List);
        api.MapPost("/os-keypairs", CreateAsync);
        api.MapGet("/os-keypairs/{name}", Show);
        api.MapDelete("/os-keypairs/{name}", Delete);
        return api;
    }

    private static IResult List(HttpContext context, KeypairStore keypairs)
    {
        var userId = TargetUser(context, context.Request.Query["user_id"].ToString(), "index");
        var all = keypairs.OfUser(userId).ToList();
        var paged = context.ComputeVersionAtLeast(2, 35);
        var page = all;
        var full = false;
        if (paged)
        {
            var (limit, marker) = NovaInput.Paging(context.Request);
            if (marker is not null)
            {
                var index = all.FindIndex(k => k.Name == marker);
                page = index < 0 ? throw ApiException.BadRequest($"marker [{marker}] not found") : all.Skip(index + 1).ToList();
            }

            page = page.Take(limit).ToList();
            full = context.Request.Query.ContainsKey("limit") && limit > 0 && page.Count == limit;
        }

        var withType = context.ComputeVersionAtLeast(2, 2);
        var items = new JsonArray();
        foreach (var keypair in page)
        {
            var view = new JsonObject { ["name"] = keypair.Name, ["public_key"] = keypair.PublicKey, ["fingerprint"] = keypair.Fingerprint };
            if (withType)
            {
                view["type"] = keypair.Type;
            }

            items.Add(new JsonObject { ["keypair"] = view });
        }

        var body = new JsonObject { ["keypairs"] = items };
        if (full)
        {
            var baseUrl = context.RequestServices.GetRequiredService<PublicUrls>().For(context);
            var query = context.Request.Query.Where(p => p.Key != "marker")
                .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value.ToString()))
                .Append("marker=" + Uri.EscapeDataString(page[^1].Name));
            body["keypairs_links"] = new JsonArray(new JsonObject { ["href"] = $"{baseUrl}{ComputeRoutes.Prefix}/os-keypairs?{string.Join("&", query)}", ["rel"] = "next" });
        }

        return Results.Json(body);
    }

    private static IResult Show(string name, HttpContext context, KeypairStore keypairs)
    {
        var userId = TargetUser(context, context.Request.Query["user_id"].ToString(), "show");
        var keypair = keypairs.Find(userId, name) ?? throw NotFound(name, userId);
        var view = new JsonObject
        {
            ["name"] = keypair.Name,
            ["public_key"] = keypair.PublicKey,
            ["fingerprint"] = keypair.Fingerprint,
            ["user_id"] = keypair.UserId,
            ["created_at"] = keypair.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            ["updated_at"] = null,
            ["deleted_at"] = null,
            ["deleted"] = false,
            ["id"] = keypair.Id,
        };
        if (context.ComputeVersionAtLeast(2, 2))
        {
            view["type"] = keypair.Type;
        }

        return Results.Json(new JsonObject { ["keypair"] = view });
    }

    private static IResult Delete(string name, HttpContext context, KeypairStore keypairs)
    {
        var userId = TargetUser(context, context.Request.Query["user_id"].ToString(), "delete");
        if (!keypairs.Remove(userId, name))
        {
            throw NotFound(name, userId);
        }

        return Results.StatusCode(context.ComputeVersionAtLeast(2, 2) ? 204 : 202);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, KeypairStore keypairs, QuotaService quotas, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        NovaInput.NoOtherProperties(body, "keypair");
        var input = NovaInput.Section(body, "keypair");
        var withType = context.ComputeVersionAtLeast(2, 2);
        var withUser = context.ComputeVersionAtLeast(2, 10);
        NovaInput.NoOtherProperties(input, ["name", "public_key", .. withType ? new[] { "type" } : [], .. withUser ? new[] { "user_id" } : []]);
        if (!input.ContainsKey("name"))
        {
            throw ApiException.BadRequest($"Invalid input for field/attribute keypair. Value: {input.ToJsonString()}. 'name' is a required property");
        }

        var name = NovaInput.String(input["name"], "name", 1, 255)!;
        var type = input.ContainsKey("type") ? NovaInput.String(input["type"], "type", 0, 255)! : "ssh";
        if (type is not ("ssh" or "x509"))
        {
            throw NovaInput.Invalid("type", input["type"], $"'{type}' is not one of ['ssh', 'x509']");
        }

        var publicKey = input.ContainsKey("public_key") ? NovaInput.String(input["public_key"], "public_key", 0, int.MaxValue) : null;
        var caller = context.Auth();
        var userId = withUser && input["user_id"] is not null ? TargetUser(context, NovaInput.String(input["user_id"], "user_id", 1, 255)!, "create") : caller.UserId;
        if (name.Trim() != name || name.Any(c => !SafeNameCharacters.Contains(c)))
        {
            throw ApiException.BadRequest("Keypair data is invalid: Keypair name contains unsafe characters");
        }

        string? privateKey = null;
        if (publicKey is null)
        {
            (publicKey, privateKey) = type == "x509" ? KeypairCrypto.GenerateX509(name, time.GetUtcNow()) : KeypairCrypto.GenerateSsh();
        }

        var fingerprint = KeypairCrypto.Fingerprint(publicKey, type);
        KeypairRecord keypair;
        lock (keypairs.Sync)
        {
            var limit = caller.ProjectId is null ? -1 : quotas.LimitOf(caller.ProjectId, QuotaDefaults.KeyPairs);
            if (limit >= 0 && keypairs.CountFor(userId) >= limit)
            {
                throw ApiException.Forbidden("Quota exceeded, too many key pairs.");
            }

            if (keypairs.Find(userId, name) is not null)
            {
                throw ApiException.Conflict($"Key pair '{name}' already exists.");
            }

            keypair = new KeypairRecord(keypairs.NextId(), userId, name, type, publicKey, fingerprint, time.GetUtcNow());
            keypairs.Put(keypair);
        }

        var view = new JsonObject
        {
            ["name"] = keypair.Name,
            ["public_key"] = keypair.PublicKey,
            ["fingerprint"] = keypair.Fingerprint,
            ["user_id"] = keypair.UserId,
        };
        if (privateKey is not null)
        {
            view["private_key"] = privateKey;
        }

        if (withType)
        {
            view["type"] = keypair.Type;
        }

        return Results.Json(new JsonObject { ["keypair"] = view }, statusCode: withType ? 201 : 200);
    }

    /// <summary>The user whose key pairs are addressed: the caller, or (from 2.10) another user for admin only.</summary>
    private static string TargetUser(HttpContext context, string requested, string action)
    {
        var caller = context.Auth();
        if (requested.Length == 0 || !context.ComputeVersionAtLeast(2, 10) || requested == caller.UserId)
        {
            return caller.UserId;
        }

        NovaInput.RequireAdmin(caller, Rule + ":" + action);
        return requested;
    }

    private static ApiException NotFound(string name, string userId) => ApiException.NotFound($"Keypair {name} not found for user {userId}");
}
