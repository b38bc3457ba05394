using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Orchestration;

/// <summary>
/// The Orchestration API reads no file of the host: get_file, nested template types, resource_registry targets and
/// environment_files name entries of the request's `files` map only, on every path (create, update, preview,
/// validate); anything else is a 400 naming the file, and no answer or stack output carries the file's text.
/// </summary>
public sealed class HostFileTests
{
    private const string Version = "2018-08-31";

    private static JsonObject LeakTemplate(JsonNode value, string type = "OS::Heat::Value") => new()
    {
        ["heat_template_version"] = Version,
        ["resources"] = new JsonObject
        {
            ["v"] = type == "OS::Heat::Value"
                ? new JsonObject { ["type"] = type, ["properties"] = new JsonObject { ["value"] = value } }
                : new JsonObject { ["type"] = type },
        },
        ["outputs"] = new JsonObject { ["o"] = new JsonObject { ["value"] = new JsonObject { ["get_attr"] = new JsonArray("v", "value") } } },
    };

    private static JsonObject GetFile(string path) => new() { ["get_file"] = path };

    /// <summary>Host paths a request could name: the cloud's clouds.yaml (the admin password) by absolute and ../ path, /etc/passwd, a file:// URL.</summary>
    private static List<string> HostPaths(TestCloud cloud)
    {
        var clouds = Path.Combine(cloud.DataDirectory, "clouds.yaml");
        Assert.True(File.Exists(clouds), "the test cloud writes clouds.yaml into its data directory");
        Assert.Contains(TestCloud.AdminPassword, File.ReadAllText(clouds), StringComparison.Ordinal);
        var climb = string.Concat(Enumerable.Repeat("../", 12));
        return [clouds, climb + clouds.TrimStart('/'), "/etc/passwd", climb + "etc/passwd", "file://" + clouds, "/proc/self/environ"];
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string named)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 400, $"{(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!;
        Assert.Equal("StackValidationFailed", body["error"]!["type"]!.ToString());
        Assert.Contains(named, body["error"]!["message"]!.ToString(), StringComparison.Ordinal);
        AssertNoLeak(text);
    }

    private static void AssertNoLeak(string text)
    {
        Assert.DoesNotContain(TestCloud.AdminPassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x:0:0", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NUVOLA_", text, StringComparison.Ordinal);
    }

    private static JsonObject Body(string name, JsonObject template, JsonObject? extra = null)
    {
        var body = new JsonObject { ["stack_name"] = name, ["template"] = template.DeepClone(), ["disable_rollback"] = true };
        foreach (var (key, value) in extra ?? [])
        {
            body[key] = value?.DeepClone();
        }

        return body;
    }

    [Fact]
    public async Task Get_file_of_a_host_path_is_refused_on_create_preview_and_validate()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        foreach (var path in HostPaths(cloud))
        {
            var template = LeakTemplate(GetFile(path));
            using (var create = await heat.PostAsync("/stacks", Body("leak", template)))
            {
                await AssertRefusedAsync(create, $"get_file path: {path}");
            }

            using (var preview = await heat.PostAsync("/stacks/preview", Body("leak", template)))
            {
                await AssertRefusedAsync(preview, $"get_file path: {path}");
            }

            using var validate = await heat.PostAsync("/validate", new JsonObject { ["template"] = template.DeepClone() });
            await AssertRefusedAsync(validate, $"get_file path: {path}");
        }

        using var list = await heat.GetAsync("/stacks");
        Assert.Empty((await TestCloud.JsonAsync(list))["stacks"]!.AsArray());
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task Get_file_of_a_host_path_is_refused_on_update_and_the_stack_keeps_its_output()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        var id = await heat.CreateStackAsync("kept", LeakTemplate(JsonValue.Create("harmless")!).ToJsonString());
        await heat.WaitForStackAsync("kept", id, "CREATE_COMPLETE");
        foreach (var path in HostPaths(cloud))
        {
            var template = LeakTemplate(GetFile(path));
            foreach (var method in new[] { HttpMethod.Put, HttpMethod.Patch })
            {
                using (var update = await heat.SendAsync(method, $"/stacks/kept/{id}", new JsonObject { ["template"] = template.DeepClone() }))
                {
                    await AssertRefusedAsync(update, $"get_file path: {path}");
                }

                using var preview = await heat.SendAsync(method, $"/stacks/kept/{id}/preview", new JsonObject { ["template"] = template.DeepClone() });
                await AssertRefusedAsync(preview, $"get_file path: {path}");
            }
        }

        using var show = await heat.GetAsync($"/stacks/kept/{id}");
        var text = await show.Content.ReadAsStringAsync();
        AssertNoLeak(text);
        var stack = JsonNode.Parse(text)!["stack"]!;
        Assert.Equal("CREATE_COMPLETE", stack["stack_status"]!.ToString());
        Assert.Equal("harmless", stack["outputs"]!.AsArray().Single()!["output_value"]!.ToString());
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task A_nested_type_or_registry_target_naming_a_host_file_is_refused()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        var clouds = Path.Combine(cloud.DataDirectory, "clouds.yaml");
        var climb = string.Concat(Enumerable.Repeat("../", 12)) + clouds.TrimStart('/');
        foreach (var path in new[] { clouds, climb, "file://" + clouds })
        {
            var nested = LeakTemplate(JsonValue.Create("unused")!, type: path);
            using (var create = await heat.PostAsync("/stacks", Body("nested", nested)))
            {
                await AssertRefusedAsync(create, $"Could not fetch remote template \"{path}\"");
            }

            using (var validate = await heat.PostAsync("/validate", new JsonObject { ["template"] = nested.DeepClone() }))
            {
                await AssertRefusedAsync(validate, path);
            }

            var registry = new JsonObject { ["resource_registry"] = new JsonObject { ["My::Leak"] = path } };
            var mapped = LeakTemplate(JsonValue.Create("unused")!, type: "My::Leak");
            using (var create = await heat.PostAsync("/stacks", Body("mapped", mapped, new JsonObject { ["environment"] = registry.DeepClone() })))
            {
                await AssertRefusedAsync(create, path);
            }

            using (var preview = await heat.PostAsync("/stacks/preview", Body("mapped", mapped, new JsonObject { ["environment"] = registry.DeepClone() })))
            {
                await AssertRefusedAsync(preview, path);
            }

            // The environment as a text file of the request, naming the host path in its registry.
            var environmentFile = new JsonObject
            {
                ["files"] = new JsonObject { ["env.yaml"] = $"resource_registry:\n  My::Leak: {path}\n" },
                ["environment_files"] = new JsonArray("env.yaml"),
            };
            using var validateEnvironment = await heat.PostAsync("/validate", new JsonObject { ["template"] = mapped.DeepClone(), ["files"] = environmentFile["files"]!.DeepClone(), ["environment_files"] = environmentFile["environment_files"]!.DeepClone() });
            await AssertRefusedAsync(validateEnvironment, path);
        }

        // environment_files names entries of the files map, never a host file.
        using (var hostEnvironment = await heat.PostAsync("/stacks", Body("envfile", LeakTemplate(JsonValue.Create("x")!), new JsonObject { ["environment_files"] = new JsonArray(clouds) })))
        {
            var text = await hostEnvironment.Content.ReadAsStringAsync();
            Assert.Equal(400, (int)hostEnvironment.StatusCode);
            Assert.Contains(clouds, text, StringComparison.Ordinal);
            AssertNoLeak(text);
        }

        using var list = await heat.GetAsync("/stacks");
        Assert.Empty((await TestCloud.JsonAsync(list))["stacks"]!.AsArray());
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task An_os_heat_stack_template_naming_a_host_file_fails_without_reading_it()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        var clouds = Path.Combine(cloud.DataDirectory, "clouds.yaml");
        var inner = $"heat_template_version: {Version}\nresources:\n  v: {{type: OS::Heat::Value, properties: {{value: {{get_file: '{clouds}'}}}}}}\noutputs:\n  o: {{value: {{get_attr: [v, value]}}}}\n";
        var template = new JsonObject
        {
            ["heat_template_version"] = Version,
            ["resources"] = new JsonObject { ["s"] = new JsonObject { ["type"] = "OS::Heat::Stack", ["properties"] = new JsonObject { ["template"] = inner } } },
            ["outputs"] = new JsonObject { ["o"] = new JsonObject { ["value"] = new JsonObject { ["get_attr"] = new JsonArray("s", "outputs") } } },
        };
        using var create = await heat.PostAsync("/stacks", Body("inner", template));
        var text = await create.Content.ReadAsStringAsync();
        AssertNoLeak(text);
        // The root compiles (the inner template is a string property); the engine parses it files-map only and fails.
        Assert.Equal(201, (int)create.StatusCode);
        var id = JsonNode.Parse(text)!["stack"]!["id"]!.ToString();
        var stack = await heat.WaitForStackAsync("inner", id, "CREATE_FAILED");
        Assert.Contains($"get_file path: {clouds}", stack["stack_status_reason"]!.ToString(), StringComparison.Ordinal);
        using var show = await heat.GetAsync($"/stacks/inner/{id}");
        AssertNoLeak(await show.Content.ReadAsStringAsync());
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task A_remote_url_not_in_the_files_map_is_refused_without_a_fetch()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        const string url = "http://127.0.0.1:9/leak.yaml";
        using (var getFile = await heat.PostAsync("/stacks", Body("remote", LeakTemplate(GetFile(url)))))
        {
            await AssertRefusedAsync(getFile, "the cloud does not fetch remote URLs");
        }

        using var nested = await heat.PostAsync("/validate", new JsonObject { ["template"] = LeakTemplate(JsonValue.Create("unused")!, type: url) });
        await AssertRefusedAsync(nested, $"Could not fetch remote template \"{url}\"");
        Assert.Empty(cloud.Log.Faults());
    }

    [Fact]
    public async Task Files_of_the_request_serve_get_file_nested_types_and_registry_targets_by_their_names()
    {
        await using var cloud = await TestCloud.StartAsync();
        using var heat = await HeatApiClient.ForAsync(cloud);
        const string nested = """
            heat_template_version: 2018-08-31
            resources:
              inner: {type: OS::Heat::Value, properties: {value: {get_file: note.txt}}}
            outputs:
              said: {value: {get_attr: [inner, value]}}
            """;
        var files = new JsonObject
        {
            ["data.txt"] = "from the files map",
            ["file:///home/user/stack/nested.yaml"] = nested,
            ["file:///home/user/stack/note.txt"] = "relative to the nested template",
            ["provider.yaml"] = nested.Replace("note.txt", "data.txt", StringComparison.Ordinal),
        };
        var template = new JsonObject
        {
            ["heat_template_version"] = Version,
            ["resources"] = new JsonObject
            {
                ["v"] = new JsonObject { ["type"] = "OS::Heat::Value", ["properties"] = new JsonObject { ["value"] = GetFile("data.txt") } },
                ["n"] = new JsonObject { ["type"] = "file:///home/user/stack/nested.yaml" },
                ["p"] = new JsonObject { ["type"] = "My::Provider" },
            },
            ["outputs"] = new JsonObject
            {
                ["v"] = new JsonObject { ["value"] = new JsonObject { ["get_attr"] = new JsonArray("v", "value") } },
                ["n"] = new JsonObject { ["value"] = new JsonObject { ["get_attr"] = new JsonArray("n", "said") } },
                ["p"] = new JsonObject { ["value"] = new JsonObject { ["get_attr"] = new JsonArray("p", "said") } },
            },
        };
        var environment = new JsonObject { ["resource_registry"] = new JsonObject { ["My::Provider"] = "provider.yaml" } };

        using (var validate = await heat.PostAsync("/validate", new JsonObject { ["template"] = template.DeepClone(), ["files"] = files.DeepClone(), ["environment"] = environment.DeepClone() }))
        {
            Assert.True(validate.IsSuccessStatusCode, await validate.Content.ReadAsStringAsync());
        }

        var id = await heat.CreateStackAsync("legit", template.ToJsonString(), new JsonObject { ["files"] = files, ["environment"] = environment });
        var stack = await heat.WaitForStackAsync("legit", id, "CREATE_COMPLETE");
        var outputs = stack["outputs"]!.AsArray().ToDictionary(o => o!["output_key"]!.ToString(), o => o!["output_value"]?.ToString());
        Assert.Equal("from the files map", outputs["v"]);
        Assert.Equal("relative to the nested template", outputs["n"]);
        Assert.Equal("from the files map", outputs["p"]);
        Assert.Empty(cloud.Log.Faults());
    }
}
