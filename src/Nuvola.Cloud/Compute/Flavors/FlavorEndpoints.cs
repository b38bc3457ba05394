using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nuvola.Cloud.Compute.Microversions;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Flavors;

/// <summary>/compute/v2.1/flavors: list, detail, show for everyone; create, update (2.55+), delete for admin.</summary>
public static partial class FlavorEndpoints
{
    private const string ManageRule = "os_compute_api:os-flavor-manage";

    public static RouteGroupBuilder MapFlavors(this RouteGroupBuilder api)
    {
        api.MapGet("/flavors", List);
        api.MapGet("/flavors/detail", Detail);
        api.MapGet("/flavors/{id}", Show);
        api.MapPost("/flavors", CreateAsync);
        api.MapPut("/flavors/{id}", UpdateAsync);
        api.MapDelete("/flavors/{id}", Delete);
        api.MapFlavorAccess();
        api.MapFlavorExtraSpecs();
        return api;
    }

    public static FlavorRecord VisibleOr404(FlavorStore flavors, string id, AuthContext caller) =>
        flavors.FindVisible(id, caller) ?? throw ApiException.NotFound($"Flavor {id} could not be found.");

    private static IResult List(HttpContext context, FlavorStore flavors) => Page(context, flavors, FlavorView.Brief, "/flavors");

    private static IResult Detail(HttpContext context, FlavorStore flavors) => Page(context, flavors, FlavorView.Detail, "/flavors/detail");

    private static IResult Page(HttpContext context, FlavorStore flavors, Func<FlavorRecord, HttpContext, JsonObject> view, string path)
    {
        var (page, full) = FlavorQuery.Run(flavors.All, context.Request, context.Auth());
        var body = new JsonObject { ["flavors"] = new JsonArray([.. page.Select(f => view(f, context))]) };
        if (full)
        {
            var baseUrl = context.RequestServices.GetRequiredService<PublicUrls>().For(context);
            var query = context.Request.Query
                .Where(p => p.Key != "marker")
                .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value.ToString()))
                .Append("marker=" + Uri.EscapeDataString(page[^1].Id));
            body["flavors_links"] = new JsonArray(new JsonObject
            {
                ["href"] = $"{baseUrl}{ComputeRoutes.Prefix}{path}?{string.Join("&", query)}",
                ["rel"] = "next",
            });
        }

        return Results.Json(body);
    }

    private static IResult Show(string id, HttpContext context, FlavorStore flavors) =>
        Results.Json(new JsonObject { ["flavor"] = FlavorView.Detail(VisibleOr404(flavors, id, context.Auth()), context) });

    private static async Task<IResult> CreateAsync(HttpContext context, FlavorStore flavors, TimeProvider time, CancellationToken cancellationToken)
    {
        NovaInput.RequireAdmin(context.Auth(), ManageRule + ":create");
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        var input = NovaInput.Section(body, "flavor");
        var withDescription = context.ComputeVersionAtLeast(2, 55);
        string[] allowed = ["name", "id", "ram", "vcpus", "disk", "OS-FLV-EXT-DATA:ephemeral", "swap", "rxtx_factor", "os-flavor-access:is_public", .. withDescription ? new[] { "description" } : []];
        NovaInput.NoOtherProperties(input, allowed);
        foreach (var required in new[] { "name", "ram", "vcpus", "disk" })
        {
            if (!input.ContainsKey(required))
            {
                throw ApiException.BadRequest($"Invalid input for field/attribute flavor. Value: {input.ToJsonString()}. '{required}' is a required property");
            }
        }

        var name = NovaInput.String(input["name"], "name", 1, 255)!;
        if (name.Trim() != name || name.Any(char.IsControl))
        {
            throw NovaInput.Invalid("name", input["name"], "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.");
        }

        var id = input["id"] is null ? Guid.NewGuid().ToString("D") : NovaInput.String(input["id"], "id", 1, 255)!;
        if (!FlavorIdPattern().IsMatch(id))
        {
            throw NovaInput.Invalid("id", input["id"], $"'{id}' does not match '^(?! )[a-zA-Z0-9. _-]+(?<! )$'");
        }

        var ram = NovaInput.Integer(input["ram"], "ram", 1);
        var vcpus = NovaInput.Integer(input["vcpus"], "vcpus", 1);
        var disk = NovaInput.Integer(input["disk"], "disk", 0);
        var ephemeral = input.ContainsKey("OS-FLV-EXT-DATA:ephemeral") ? NovaInput.Integer(input["OS-FLV-EXT-DATA:ephemeral"], "OS-FLV-EXT-DATA:ephemeral", 0) : 0;
        var swap = input.ContainsKey("swap") ? NovaInput.Integer(input["swap"], "swap", 0) : 0;
        var rxtx = input.ContainsKey("rxtx_factor") ? RxtxFactor(input["rxtx_factor"]) : 1.0;
        var isPublic = !input.ContainsKey("os-flavor-access:is_public") || NovaInput.Boolean(input["os-flavor-access:is_public"], "os-flavor-access:is_public");
        var description = withDescription && input.ContainsKey("description") ? NovaInput.String(input["description"], "description", 0, 65535, nullable: true) : null;

        var flavor = new FlavorRecord(id, name, ram, vcpus, disk, ephemeral, swap, rxtx, isPublic, description, new Dictionary<string, string>(), [], time.GetUtcNow());
        lock (flavors.Sync)
        {
            if (flavors.Find(id) is not null)
            {
                throw ApiException.Conflict($"Flavor with ID {id} already exists.");
            }

            if (flavors.All.Any(f => f.Name == name))
            {
                throw ApiException.Conflict($"Flavor with name {name} already exists.");
            }

            flavors.Put(flavor);
        }

        return Results.Json(new JsonObject { ["flavor"] = FlavorView.Detail(flavor, context) });
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext context, FlavorStore flavors, CancellationToken cancellationToken)
    {
        if (!context.ComputeVersionAtLeast(2, 55))
        {
            throw new ApiException(405, "The method is not allowed for the requested URL.");
        }

        NovaInput.RequireAdmin(context.Auth(), ManageRule + ":update");
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        var input = NovaInput.Section(body, "flavor");
        NovaInput.NoOtherProperties(input, "description");
        if (!input.ContainsKey("description"))
        {
            throw ApiException.BadRequest($"Invalid input for field/attribute flavor. Value: {input.ToJsonString()}. 'description' is a required property");
        }

        var description = NovaInput.String(input["description"], "description", 0, 65535, nullable: true);
        FlavorRecord updated;
        lock (flavors.Sync)
        {
            var flavor = flavors.Find(id) ?? throw ApiException.NotFound($"Flavor {id} could not be found.");
            updated = flavor with { Description = description };
            flavors.Put(updated);
        }

        return Results.Json(new JsonObject { ["flavor"] = FlavorView.Detail(updated, context) });
    }

    private static IResult Delete(string id, HttpContext context, FlavorStore flavors)
    {
        NovaInput.RequireAdmin(context.Auth(), ManageRule + ":delete");
        if (!flavors.Remove(id))
        {
            throw ApiException.NotFound($"Flavor {id} could not be found.");
        }

        return Results.StatusCode(202);
    }

    private static double RxtxFactor(JsonNode? node)
    {
        if (node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number && v.TryGetValue<double>(out var value))
        {
            return value > 0 && value <= 3.40282e+38
                ? value
                : throw NovaInput.Invalid("rxtx_factor", node, $"{NovaInput.Show(node)} is less than or equal to the minimum of 0");
        }

        throw NovaInput.Invalid("rxtx_factor", node, $"{NovaInput.Show(node)} is not of type 'number'");
    }

    [GeneratedRegex("^(?! )[a-zA-Z0-9. _-]+(?<! )$")]
    private static partial Regex FlavorIdPattern();
}
