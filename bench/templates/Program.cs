using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nuvola.Templates;

// Validation of a generated N-resource HOT template (default 1,000): a network, then per group of 5 a port, a server on it,
// a volume, an attachment and a floating IP, wired with get_resource/get_attr/get_param/str_replace, so that references,
// schemas, static evaluation and the cycle check all do real work. Prints the time of the first (cold) validation, the
// median of the next runs, and the process's peak memory.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var path = Path.Combine(Path.GetTempPath(), $"nuvola-bench-{count}.hot.yaml");
File.WriteAllText(path, Generate(count));

var clock = Stopwatch.StartNew();
var first = TemplateLoader.Load(path);
var cold = clock.Elapsed;
if (first.HasErrors || first.Topology!.Resources.Length != count)
{
    Console.Error.WriteLine($"unexpected result: {first.Diagnostics.Length} diagnostics, {first.Topology?.Resources.Length} resources");
    foreach (var diagnostic in first.Diagnostics.Take(5))
    {
        Console.Error.WriteLine(diagnostic);
    }

    return 1;
}

var times = new List<double>();
for (var i = 0; i < runs; i++)
{
    clock.Restart();
    TemplateLoader.Load(path);
    times.Add(clock.Elapsed.TotalMilliseconds);
}

times.Sort();
var peak = PeakMemoryMiB();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"resources={count} bytes={new FileInfo(path).Length} cold_ms={cold.TotalMilliseconds:F1} median_ms={times[times.Count / 2]:F1} min_ms={times[0]:F1} max_ms={times[^1]:F1} peak_MiB={peak:F1} runs={runs}"));
return 0;

static double PeakMemoryMiB()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
        {
            return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        }
    }

    return Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
}

static string Generate(int count)
{
    var text = new StringBuilder();
    text.Append("""
        heat_template_version: 2021-04-16
        description: generated benchmark template
        parameters:
          image: { type: string, default: cirros, constraints: [{ custom_constraint: glance.image }] }
          flavor: { type: string, default: m1.small, constraints: [{ allowed_values: [m1.small, m1.medium] }] }
          size: { type: number, default: 1, constraints: [{ range: { min: 1, max: 100 } }] }
          prefix: { type: string, default: bench }
        conditions:
          big: { equals: [{ get_param: flavor }, m1.medium] }
        resources:
          net:
            type: OS::Neutron::Net
            properties: { name: { get_param: prefix } }

        """);
    var groups = (count - 1) / 5;
    for (var i = 0; i < groups; i++)
    {
        text.Append(CultureInfo.InvariantCulture, $$"""
              port{{i}}:
                type: OS::Neutron::Port
                properties:
                  network: { get_resource: net }
                  fixed_ips: [{ ip_address: 10.{{i / 250}}.{{i % 250}}.10 }]
              server{{i}}:
                type: OS::Nova::Server
                properties:
                  name: { str_replace: { template: P-N, params: { P: { get_param: prefix }, N: "{{i}}" } } }
                  image: { get_param: image }
                  flavor: { if: [big, m1.medium, { get_param: flavor }] }
                  networks:
                    - port: { get_resource: port{{i}} }
                  metadata: { index: "{{i}}", group: bench }
              volume{{i}}:
                type: OS::Cinder::Volume
                properties: { size: { get_param: size }, name: { list_join: ['-', [vol, "{{i}}"]] } }
              attachment{{i}}:
                type: OS::Cinder::VolumeAttachment
                properties:
                  instance_uuid: { get_resource: server{{i}} }
                  volume_id: { get_resource: volume{{i}} }
              fip{{i}}:
                type: OS::Neutron::FloatingIP
                depends_on: [attachment{{i}}]
                properties: { floating_network: public, port_id: { get_resource: port{{i}} } }

            """);
    }

    for (var i = 1 + (groups * 5); i < count; i++)
    {
        text.Append(CultureInfo.InvariantCulture, $"  extra{i}:\n    type: OS::Heat::RandomString\n    properties: {{ length: 12 }}\n");
    }

    text.Append("outputs:\n");
    for (var i = 0; i < groups; i += 10)
    {
        text.Append(CultureInfo.InvariantCulture, $"  ip{i}: {{ value: {{ get_attr: [server{i}, first_address] }} }}\n");
    }

    return text.ToString();
}
