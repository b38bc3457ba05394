using System.Text;
using System.Text.Json.Nodes;
using Nuvola.Testing;

namespace Nuvola.Cloud.Tests.Orchestration;

/// <summary>A hidden parameter's value is masked by the API and is nowhere in clear in the cloud's data directory.</summary>
public sealed class HiddenParameterStorageTests
{
    private const string Secret = "s3cret-Value-7f41c2";
    private const string EnvironmentSecret = "env-Secret-0b9e55";

    private const string Template = """
        heat_template_version: 2018-08-31
        parameters:
          db_password:
            type: string
            hidden: true
          admin_password:
            type: string
            hidden: true
          label:
            type: string
        resources:
          test:
            type: OS::Heat::TestResource
            properties:
              value: {get_param: label}
        """;

    [Fact]
    public async Task Hidden_values_are_sealed_on_disk_and_the_stack_reads_back_after_a_restart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "nuvola-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            string id;
            await using (var cloud = await TestCloud.StartAsync(directory))
            {
                using var heat = await HeatApiClient.ForAsync(cloud);
                id = await heat.CreateStackAsync("hush", Template, new JsonObject
                {
                    ["parameters"] = new JsonObject { ["db_password"] = Secret, ["label"] = "visible-label" },
                    ["environment"] = new JsonObject { ["parameters"] = new JsonObject { ["admin_password"] = EnvironmentSecret } },
                });
                var stack = await heat.WaitForStackAsync("hush", id, "CREATE_COMPLETE");
                Assert.Equal("******", stack["parameters"]!["db_password"]!.ToString());
                Assert.Empty(cloud.Log.Faults());
            }

            var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories);
            Assert.Contains(files, f => f.EndsWith("nuvola.db", StringComparison.Ordinal));
            foreach (var file in files)
            {
                var bytes = await File.ReadAllBytesAsync(file);
                foreach (var secret in new[] { Secret, EnvironmentSecret })
                {
                    Assert.True(IndexOf(bytes, Encoding.UTF8.GetBytes(secret)) < 0, $"{secret} is in clear in {file}");
                    Assert.True(IndexOf(bytes, Encoding.Unicode.GetBytes(secret)) < 0, $"{secret} is in clear (UTF-16) in {file}");
                }
            }

            await using (var reopened = await TestCloud.StartAsync(directory))
            {
                using var heat = await HeatApiClient.ForAsync(reopened);
                var stack = await heat.WaitForStackAsync("hush", id, "CREATE_COMPLETE");
                Assert.Equal("******", stack["parameters"]!["db_password"]!.ToString());
                Assert.Equal("visible-label", stack["parameters"]!["label"]!.ToString());
                Assert.Empty(reopened.Log.Faults());
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
