using Nuvola.Cloud.Hypervisors.Namespaces;

namespace Nuvola.Cloud.Tests.Hypervisors.Namespaces;

public sealed class UserDataScriptTests
{
    [Fact]
    public void AScriptRunsAsItIs()
    {
        Assert.Equal("#!/bin/sh\necho hi\n", UserDataScript.From("#!/bin/sh\necho hi\n"));
        Assert.Null(UserDataScript.From(null));
        Assert.Null(UserDataScript.From("  "));
    }

    [Fact]
    public void CloudConfigModulesBecomeShellAndTheOthersAreLoggedAsSkipped()
    {
        var script = UserDataScript.From("""
            #cloud-config
            hostname: web-1.example.org
            users:
              - default
              - name: alice
                shell: /bin/bash
                sudo: ALL=(ALL) NOPASSWD:ALL
                ssh_authorized_keys: [ssh-ed25519 AAAA alice@x]
            ssh_authorized_keys:
              - ssh-ed25519 BBBB root@y
            write_files:
              - path: /etc/app.conf
                content: "it's here"
                permissions: '0640'
              - path: /etc/b64
                encoding: b64
                content: aGVsbG8=
            runcmd:
              - echo one > /tmp/one
              - [touch, "/tmp/with space"]
            packages: [nginx]
            """)!;
        Assert.Contains("echo 'cloud-config: module '\\''packages'\\'' skipped (not supported)'", script, StringComparison.Ordinal);
        Assert.Contains("hostname 'web-1'", script, StringComparison.Ordinal);
        Assert.Contains("useradd -m -s '/bin/bash' 'alice'", script, StringComparison.Ordinal);
        Assert.Contains("'alice ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/90-cloud-init-users", script, StringComparison.Ordinal);
        Assert.Contains("echo 'ssh-ed25519 BBBB root@y' >> /root/.ssh/authorized_keys", script, StringComparison.Ordinal);
        Assert.Contains("echo '" + Convert.ToBase64String("it's here"u8.ToArray()) + "' | base64 -d > '/etc/app.conf'", script, StringComparison.Ordinal);
        Assert.Contains("chmod '0640' '/etc/app.conf'", script, StringComparison.Ordinal);
        Assert.Contains("echo 'aGVsbG8=' | base64 -d > '/etc/b64'", script, StringComparison.Ordinal);
        Assert.Contains("echo one > /tmp/one\n", script, StringComparison.Ordinal);
        Assert.Contains("'touch' '/tmp/with space'\n", script, StringComparison.Ordinal);
        Assert.DoesNotContain("useradd -m -s '/bin/sh' 'default'", script, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenYamlIsReportedNotRun()
    {
        var script = UserDataScript.From("#cloud-config\nruncmd: [unclosed\n")!;
        Assert.Contains("cloud-config: not valid YAML", script, StringComparison.Ordinal);
        Assert.DoesNotContain("unclosed\n", script.Split('\n').Skip(2).FirstOrDefault() ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public void QuotingSurvivesSingleQuotes() => Assert.Equal("'a'\\''b'", UserDataScript.Quote("a'b"));
}
