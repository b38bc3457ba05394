using System.Net;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Orchestration;

public sealed class TemplateApiTests
{
    private const string RandomTemplate = """
        heat_template_version: 2014-10-16
        description: the stack description
        parameters:
          aparam:
            type: number
            default: 10
            description: the param description
        resources:
          myres:
            type: OS::Heat::RandomString
            properties:
              length: {get_param: aparam}
        """;

    [Fact]
    public async Task The_catalog_lists_heat_and_the_version_document_points_at_v1()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        using var catalog = await heat.Client.GetAsync("/identity/v3/auth/catalog");
        var entry = (await TestCloud.JsonAsync(catalog))["catalog"]!.AsArray().Single(s => s!["type"]!.ToString() == "orchestration")!;
        Assert.Equal("heat", entry["name"]!.ToString());
        Assert.EndsWith("/heat-api/v1/" + heat.ProjectId, entry["endpoints"]![0]!["url"]!.ToString(), StringComparison.Ordinal);

        using var versions = await cloud.Http.GetAsync("/heat-api");
        Assert.Equal(HttpStatusCode.MultipleChoices, versions.StatusCode);
        var v1 = (await TestCloud.JsonAsync(versions))["versions"]![0]!;
        Assert.Equal("v1.0", v1["id"]!.ToString());
        Assert.Equal("CURRENT", v1["status"]!.ToString());

        using var buildInfo = await heat.GetAsync("/build_info");
        Assert.NotNull((await TestCloud.JsonAsync(buildInfo))["engine"]!["revision"]);
    }

    [Fact]
    public async Task Template_versions_list_every_hot_version_with_aliases_and_their_functions()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        using var list = await heat.GetAsync("/template_versions");
        var versions = (await TestCloud.JsonAsync(list))["template_versions"]!.AsArray();
        var newton = versions.Single(v => v!["version"]!.ToString() == "heat_template_version.2016-10-14")!;
        Assert.Equal("hot", newton["type"]!.ToString());
        Assert.Contains("heat_template_version.newton", newton["aliases"]!.AsArray().Select(a => a!.ToString()));
        Assert.Contains(versions, v => v!["version"]!.ToString() == "heat_template_version.2021-04-16");

        using var functions = await heat.GetAsync("/template_versions/heat_template_version.2016-04-08/functions");
        var names = (await TestCloud.JsonAsync(functions))["template_functions"]!.AsArray();
        Assert.Equal("A function for including a file inline.", names.Single(f => f!["functions"]!.ToString() == "get_file")!["description"]!.ToString());
        Assert.DoesNotContain(names, f => f!["functions"]!.ToString() == "if");

        using var withConditions = await heat.GetAsync("/template_versions/heat_template_version.2017-09-01/functions?with_condition_func=true");
        Assert.Contains((await TestCloud.JsonAsync(withConditions))["template_functions"]!.AsArray(), f => f!["functions"]!.ToString() == "equals");

        using var unknown = await heat.GetAsync("/template_versions/heat_template_version.1999-01-01/functions");
        await HeatApiClient.ErrorAsync(unknown, 404);
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task Resource_types_list_filter_show_schema_and_template()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        using var list = await heat.GetAsync("/resource_types");
        var types = (await TestCloud.JsonAsync(list))["resource_types"]!.AsArray().Select(t => t!.ToString()).ToList();
        Assert.Contains("OS::Nova::Server", types);
        Assert.Contains("OS::Heat::TestResource", types);

        using var filtered = await heat.GetAsync("/resource_types?name=OS::Neutron::");
        Assert.All((await TestCloud.JsonAsync(filtered))["resource_types"]!.AsArray(), t => Assert.StartsWith("OS::Neutron::", t!.ToString(), StringComparison.Ordinal));

        using var show = await heat.GetAsync("/resource_types/OS::Heat::TestResource");
        var schema = await TestCloud.JsonAsync(show);
        Assert.Equal("SUPPORTED", schema["support_status"]!["status"]!.ToString());
        Assert.Equal(0, (int)schema["properties"]!["wait_secs"]!["default"]!);
        Assert.True((bool)schema["properties"]!["value"]!["update_allowed"]!);
        Assert.NotNull(schema["attributes"]!["output"]);

        using var template = await heat.GetAsync("/resource_types/OS::Heat::TestResource/template?template_type=hot");
        var hot = await TestCloud.JsonAsync(template);
        Assert.Equal("OS::Heat::TestResource", hot["resources"]!["TestResource"]!["type"]!.ToString());
        Assert.Matches(@"^20\d\d-\d\d-\d\d$", hot["heat_template_version"]!.ToString());

        using var missing = await heat.GetAsync("/resource_types/OS::Nova::Nothing");
        var error = await HeatApiClient.ErrorAsync(missing, 404);
        Assert.Contains("OS::Nova::Nothing", error["explanation"]!.ToString(), StringComparison.Ordinal);
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task Validate_answers_parameters_defaults_values_groups_and_the_environment()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        using var basic = await heat.PostAsync("/validate", new JsonObject { ["template"] = RandomTemplate });
        var result = await TestCloud.JsonAsync(basic);
        Assert.Equal("the stack description", result["Description"]!.ToString());
        var aparam = result["Parameters"]!["aparam"]!;
        Assert.Equal(10, (int)aparam["Default"]!);
        Assert.Equal("Number", aparam["Type"]!.ToString());
        Assert.Equal("aparam", aparam["Label"]!.ToString());
        Assert.Equal("false", aparam["NoEcho"]!.ToString());
        Assert.Null(aparam["Value"]);
        Assert.Equal("""{"parameters":{},"parameter_defaults":{},"resource_registry":{"resources":{}},"event_sinks":[]}""", result["Environment"]!.ToJsonString());
        Assert.Null(result["ParameterGroups"]);

        using var overridden = await heat.PostAsync("/validate", new JsonObject
        {
            ["template"] = RandomTemplate,
            ["environment"] = new JsonObject { ["parameters"] = new JsonObject { ["aparam"] = 5 } },
        });
        var withValue = await TestCloud.JsonAsync(overridden);
        Assert.Equal(5, (int)withValue["Parameters"]!["aparam"]!["Value"]!);
        Assert.Equal(5, (int)withValue["Environment"]!["parameters"]!["aparam"]!);

        var grouped = RandomTemplate.Replace("resources:", """
              cparam:
                type: string
                default: secret
                hidden: true
            parameter_groups:
            - label: str_params
              description: The string params
              parameters:
              - cparam
            resources:
            """.Replace("\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        using var groups = await heat.PostAsync("/validate", new JsonObject { ["template"] = grouped });
        var groupResult = await TestCloud.JsonAsync(groups);
        Assert.Equal("str_params", groupResult["ParameterGroups"]![0]!["label"]!.ToString());
        Assert.Equal("true", groupResult["Parameters"]!["cparam"]!["NoEcho"]!.ToString());
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task Validate_shows_nested_parameters_from_files_and_adds_them_to_the_registry()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        const string Parent = """
            heat_template_version: 2014-10-16
            description: the parent template
            parameters:
              pparam:
                type: number
                default: 5
            resources:
              nres:
                type: mynested.yaml
                properties:
                  aparam: {get_param: pparam}
            """;
        using var response = await heat.PostAsync("/validate?show_nested=true", new JsonObject
        {
            ["template"] = Parent,
            ["files"] = new JsonObject { ["mynested.yaml"] = RandomTemplate },
        });
        var result = await TestCloud.JsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var nested = result["NestedParameters"]!["nres"]!;
        Assert.Equal("mynested.yaml", nested["Type"]!.ToString());
        Assert.Equal(5, (int)nested["Parameters"]!["aparam"]!["Value"]!);
        Assert.Equal("mynested.yaml", result["Environment"]!["resource_registry"]!["mynested.yaml"]!.ToString());

        // Two levels: Heat's validate does not check a template resource's properties against the nested parameters.
        using var twoLevels = await heat.PostAsync("/validate?show_nested=true", new JsonObject
        {
            ["template"] = Parent,
            ["files"] = new JsonObject
            {
                ["mynested.yaml"] = RandomTemplate.Replace("OS::Heat::RandomString", "mynested2.yaml", StringComparison.Ordinal),
                ["mynested2.yaml"] = RandomTemplate,
            },
        });
        var deeper = await TestCloud.JsonAsync(twoLevels);
        Assert.Equal(HttpStatusCode.OK, twoLevels.StatusCode);
        Assert.Equal("mynested2.yaml", deeper["NestedParameters"]!["nres"]!["NestedParameters"]!["myres"]!["Type"]!.ToString());
    }

    [Fact]
    public async Task Validate_and_create_refuse_a_tosca_document_and_a_misspelt_version_key_with_400()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        using var tosca = await heat.PostAsync("/validate", new JsonObject { ["template"] = "tosca_definitions_version: tosca_simple_yaml_1_3\n" });
        using var create = await heat.PostAsync("/stacks", new JsonObject { ["stack_name"] = "t", ["template"] = "tosca_definitions_version: tosca_simple_yaml_1_3\n" });
        using var misspelt = await heat.PostAsync("/validate", new JsonObject { ["template"] = "heat_template_versoin: 2021-04-16\n" });

        foreach (var answer in new[] { tosca, create })
        {
            var error = await HeatApiClient.ErrorAsync(answer, 400);
            Assert.Contains("this is a TOSCA document (tosca_definitions_version)", error["error"]!["message"]!.ToString(), StringComparison.Ordinal);
        }

        var message = (await HeatApiClient.ErrorAsync(misspelt, 400))["error"]!["message"]!.ToString();
        Assert.StartsWith("The template version is invalid: unknown top-level key 'heat_template_versoin'", message, StringComparison.Ordinal);
        Assert.Contains("line 1, column 1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_refuses_bad_templates_with_heats_error_body()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        using var badVersion = await heat.PostAsync("/validate", new JsonObject { ["template"] = RandomTemplate.Replace("2014-10-16", "invalid", StringComparison.Ordinal) });
        var error = await HeatApiClient.ErrorAsync(badVersion, 400);
        Assert.Contains("The template version is invalid", error["error"]!["message"]!.ToString(), StringComparison.Ordinal);

        using var noTemplate = await heat.PostAsync("/validate", new JsonObject { ["parameters"] = new JsonObject() });
        await HeatApiClient.ErrorAsync(noTemplate, 400);

        using var badEnvironment = await heat.PostAsync("/validate", new JsonObject { ["template"] = RandomTemplate, ["environment"] = new JsonObject { ["nonsense"] = 1 } });
        await HeatApiClient.ErrorAsync(badEnvironment, 400);

        using var notJson = await heat.Client.PostAsync(heat.Prefix + "/validate", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        await HeatApiClient.ErrorAsync(notJson, 400);
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task Validate_of_ten_thousand_brackets_is_a_400_and_the_cloud_still_answers()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        using var deep = await heat.PostAsync("/validate", new JsonObject { ["template"] = new string('[', 10_000) });
        var error = await HeatApiClient.ErrorAsync(deep, 400);
        Assert.StartsWith("lists and mappings are nested more than 128 deep here", error["error"]!["message"]!.ToString(), StringComparison.Ordinal);
        Assert.Contains("line 1, column 129)", error["error"]!["message"]!.ToString(), StringComparison.Ordinal);

        var oversize = RandomTemplate + "\n# " + new string('x', 600_000) + "\n";
        using var large = await heat.PostAsync("/validate", new JsonObject { ["template"] = oversize });
        var tooLarge = await HeatApiClient.ErrorAsync(large, 400);
        Assert.Equal("RequestLimitExceeded", tooLarge["error"]!["type"]!.ToString());
        Assert.StartsWith("Request limit exceeded: Template size (600", tooLarge["error"]!["message"]!.ToString(), StringComparison.Ordinal);

        using var after = await heat.PostAsync("/validate", new JsonObject { ["template"] = RandomTemplate });
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Empty(cloud.Log.Faults());
    }
}
