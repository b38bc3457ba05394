using System.Text.Json.Nodes;
using Nuvola.Cloud.Hosting;
using Nuvola.Templates.Hot;

namespace Nuvola.Cloud.Orchestration.Api;

/// <summary>template_versions, their functions, and POST /validate.</summary>
public static class TemplateEndpoints
{
    private const string HotPrefix = "heat_template_version.";

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["get_attr"] = "A function for resolving resource attributes.",
        ["get_file"] = "A function for including a file inline.",
        ["get_param"] = "A function for resolving parameter references.",
        ["get_resource"] = "A function for resolving resource references.",
        ["list_join"] = "A function for joining a list of strings with a delimiter.",
        ["resource_facade"] = "A function for retrieving data in a parent provider template.",
        ["str_replace"] = "A function for performing string substitutions.",
        ["str_replace_strict"] = "A function for performing string substitutions; every parameter must be found in the template.",
        ["str_replace_vstrict"] = "A function for performing string substitutions; parameters must be found and their values not empty.",
        ["digest"] = "A function for performing digest operations.",
        ["repeat"] = "A function for iterating over a list of items.",
        ["str_split"] = "A function for splitting delimited strings into a list.",
        ["map_merge"] = "A function for merging maps.",
        ["map_replace"] = "A function for performing substitutions on maps.",
        ["yaql"] = "A function for executing a yaql expression.",
        ["if"] = "A function to return corresponding value based on condition evaluation.",
        ["filter"] = "A function for filtering out values from lists.",
        ["make_url"] = "A function for performing substitutions on maps.",
        ["list_concat"] = "A function for extending lists.",
        ["list_concat_unique"] = "A function for extending lists with unique items.",
        ["contains"] = "A function for checking whether specific value is in sequence.",
        ["equals"] = "A function for comparing whether two values are equal.",
        ["not"] = "A function that acts as a NOT operator on a condition.",
        ["and"] = "A function that acts as an AND operator on conditions.",
        ["or"] = "A function that acts as an OR operator on conditions.",
        ["Fn::GetAZs"] = "A function for retrieving the availability zones.",
        ["Ref"] = "A function for resolving parameters or resource references.",
        ["Fn::Select"] = "A function for selecting an item from a list or map.",
        ["Fn::Join"] = "A function for joining strings.",
        ["Fn::Split"] = "A function for splitting strings.",
        ["Fn::Replace"] = "A function for performing string substitutions.",
        ["Fn::Base64"] = "A placeholder function for converting to base64.",
        ["Fn::MemberListToMap"] = "A function to convert lists with enumerated keys and values to mapping.",
        ["Fn::ResourceFacade"] = "A function for retrieving data in a parent provider template.",
    };

    public static RouteGroupBuilder MapTemplateEndpoints(this RouteGroupBuilder routes)
    {
        routes.MapGet("/template_versions", () => Results.Json(new JsonObject
        {
            ["template_versions"] = new JsonArray([.. HotVersionCatalog.Versions.Select(v => (JsonNode)new JsonObject
            {
                ["version"] = HotPrefix + v.Date,
                ["type"] = "hot",
                ["aliases"] = new JsonArray([.. v.Aliases.Select(a => (JsonNode?)JsonValue.Create(HotPrefix + a))]),
            })]),
        }));
        routes.MapGet("/template_versions/{version}/functions", (string version, HttpRequest request) =>
        {
            var found = version.StartsWith(HotPrefix, StringComparison.Ordinal) ? HotVersionCatalog.Find(version[HotPrefix.Length..]) : null;
            if (found is null)
            {
                throw ApiException.NotFound($"Template with version {version} not found", "NotFound");
            }

            var conditions = bool.TryParse(request.Query["with_condition_func"], out var with) && with;
            var names = conditions ? found.Functions.Concat(found.ConditionFunctions).Distinct(StringComparer.Ordinal) : found.Functions;
            return Results.Json(new JsonObject
            {
                ["template_functions"] = new JsonArray([.. names.Select(n => (JsonNode)new JsonObject
                {
                    ["functions"] = n,
                    ["description"] = Descriptions.GetValueOrDefault(n, "A template function."),
                })]),
            });
        });
        routes.MapPost("/validate", async (HttpRequest request) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, request.HttpContext.RequestAborted);
            var input = StackInput.Parse(body, templateRequired: true);
            var showNested = bool.TryParse(request.Query["show_nested"], out var nested) && nested
                || body["show_nested"] is JsonValue sn && sn.TryGetValue<bool>(out var snb) && snb;
            var topology = TemplateCheck.Compile(input, input.Parameters, requireValues: false, lenient: true);
            return Results.Json(TemplateCheck.ValidateResponse(topology, input, showNested));
        });
        return routes;
    }
}
