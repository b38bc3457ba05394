using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nuvola.Cloud.Hosting;
using Nuvola.Cloud.Identity;

namespace Nuvola.Cloud.Compute.Flavors;

/// <summary>os-extra_specs: read by whoever sees the flavor, written by admin.</summary>
public static partial class FlavorEndpoints
{
    private const string SpecsRule = "os_compute_api:os-flavor-extra-specs";

    private static void MapFlavorExtraSpecs(this RouteGroupBuilder api)
    {
        api.MapGet("/flavors/{id}/os-extra_specs", ListSpecs);
        api.MapPost("/flavors/{id}/os-extra_specs", CreateSpecsAsync);
        api.MapGet("/flavors/{id}/os-extra_specs/{key}", ShowSpec);
        api.MapPut("/flavors/{id}/os-extra_specs/{key}", UpdateSpecAsync);
        api.MapDelete("/flavors/{id}/os-extra_specs/{key}", DeleteSpec);
    }

    private static IResult ListSpecs(string id, HttpContext context, FlavorStore flavors) =>
        Results.Json(new JsonObject { ["extra_specs"] = FlavorView.ExtraSpecs(VisibleOr404(flavors, id, context.Auth())) });

    private static IResult ShowSpec(string id, string key, HttpContext context, FlavorStore flavors)
    {
        var flavor = VisibleOr404(flavors, id, context.Auth());
        return flavor.ExtraSpecs.TryGetValue(key, out var value)
            ? Results.Json(new JsonObject { [key] = value })
            : throw ApiException.NotFound($"Flavor {id} has no extra specs with key {key}.");
    }

    private static async Task<IResult> CreateSpecsAsync(string id, HttpContext context, FlavorStore flavors, CancellationToken cancellationToken)
    {
        NovaInput.RequireAdmin(context.Auth(), SpecsRule + ":create");
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        NovaInput.NoOtherProperties(body, "extra_specs");
        var specs = Specs(NovaInput.Section(body, "extra_specs"));
        SetSpecs(flavors, id, specs);
        return Results.Json(new JsonObject { ["extra_specs"] = ToJson(specs) });
    }

    private static async Task<IResult> UpdateSpecAsync(string id, string key, HttpContext context, FlavorStore flavors, CancellationToken cancellationToken)
    {
        NovaInput.RequireAdmin(context.Auth(), SpecsRule + ":update");
        var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        var specs = Specs(body);
        if (specs.Count > 1)
        {
            throw ApiException.BadRequest("Request body contains too many items");
        }

        if (!specs.ContainsKey(key))
        {
            throw ApiException.BadRequest("Request body and URI mismatch");
        }

        SetSpecs(flavors, id, specs);
        return Results.Json(ToJson(specs));
    }

    private static IResult DeleteSpec(string id, string key, HttpContext context, FlavorStore flavors)
    {
        NovaInput.RequireAdmin(context.Auth(), SpecsRule + ":delete");
        ChangeAccess(flavors, id, flavor => flavor.ExtraSpecs.ContainsKey(key)
            ? flavor with { ExtraSpecs = flavor.ExtraSpecs.Where(p => p.Key != key).ToDictionary() }
            : throw ApiException.NotFound($"Flavor {id} has no extra specs with key {key}."));
        return Results.Ok();
    }

    private static void SetSpecs(FlavorStore flavors, string id, Dictionary<string, string> specs) =>
        ChangeAccess(flavors, id, flavor =>
        {
            var merged = new Dictionary<string, string>(flavor.ExtraSpecs);
            foreach (var (key, value) in specs)
            {
                merged[key] = value;
            }

            return flavor with { ExtraSpecs = merged };
        });

    /// <summary>Keys as Nova's schema allows them (^[a-zA-Z0-9-_:. ]{1,255}$); values strings, numbers or booleans, at most 255 characters.</summary>
    private static Dictionary<string, string> Specs(JsonObject input)
    {
        var specs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, node) in input)
        {
            if (!SpecKeyPattern().IsMatch(key))
            {
                throw ApiException.BadRequest($"Invalid input for field/attribute extra_specs. Value: {input.ToJsonString()}. Additional properties are not allowed ('{key}' was unexpected)");
            }

            var value = node switch
            {
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
                JsonValue v when v.GetValueKind() == JsonValueKind.True => "True",
                JsonValue v when v.GetValueKind() == JsonValueKind.False => "False",
                _ => throw NovaInput.Invalid(key, node, $"{NovaInput.Show(node)} is not of type 'string', 'number', 'boolean'"),
            };
            if (value.Length > 255)
            {
                throw NovaInput.Invalid(key, node, $"{NovaInput.Show(node)} is too long");
            }

            specs[key] = value;
        }

        return specs;
    }

    private static JsonObject ToJson(Dictionary<string, string> specs)
    {
        var json = new JsonObject();
        foreach (var (key, value) in specs)
        {
            json[key] = value;
        }

        return json;
    }

    [GeneratedRegex("^[a-zA-Z0-9-_:. ]{1,255}$")]
    private static partial Regex SpecKeyPattern();
}
