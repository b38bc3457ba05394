using Nuvola.Model.Evaluation;
using Nuvola.Model.Topology;

namespace Nuvola.Templates.Tests.Hot;

/// <summary>Every function evaluates as Heat's does; resource ids and attributes come from the caller's resolver.</summary>
public sealed class FunctionEvaluationTests
{
    [Theory]
    [InlineData("{ list_join: [',', [a, b], [c]] }", "a,b,c")]
    [InlineData("{ str_replace: { template: 'Hello NAME', params: { NAME: world } } }", "Hello world")]
    [InlineData("{ str_replace: { template: 'port=P', params: { P: 80 } } }", "port=80")]
    [InlineData("{ str_replace_strict: { template: 'a b', params: { a: x } } }", "x b")]
    [InlineData("{ str_replace_vstrict: { template: 'a b', params: { a: x } } }", "x b")]
    [InlineData("{ str_split: [',', 'a,b,c', 1] }", "b")]
    [InlineData("{ digest: [sha256, abc] }", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("{ digest: [md5, abc] }", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("{ make_url: { scheme: https, username: u, password: p, host: example.com, port: 8080, path: /a/b, query: { x: 1 }, fragment: f } }", "https://u:p@example.com:8080/a/b?x=1#f")]
    [InlineData("{ make_url: { scheme: http, host: '::1', path: x } }", "http://[::1]/x")]
    [InlineData("{ if: [yes_cond, then, else] }", "then")]
    [InlineData("{ if: [no_cond, then, else] }", "else")]
    [InlineData("{ yaql: { expression: '$.data.l.len()', data: { l: [1, 2, 3] } } }", 3L)]
    [InlineData("{ yaql: { expression: '$.data.l.distinct().join(\"-\")', data: { l: [a, b, a] } } }", "a-b")]
    [InlineData("{ yaql: { expression: '$.data.m.keys()[1]', data: { m: { x: 1, y: 2 } } } }", "y")]
    [InlineData("{ get_resource: server }", "id-of-server")]
    [InlineData("{ get_attr: [server, networks, private, 0] }", "10.0.0.5")]
    [InlineData("{ get_attr: [server, networks, { get_param: net }, 0] }", "10.0.0.5")]
    [InlineData("{ get_param: [config, a, 1] }", "y")]
    [InlineData("{ resource_facade: metadata }", "facade-metadata")]
    [InlineData("{ contains: [b, [a, b]] }", true)]
    [InlineData("{ str_split: [',', { list_join: [',', [x, y]] }, 0] }", "x")]
    public void A_function_evaluates_to_its_value(string expression, object expected)
    {
        var value = Evaluate(expression, out var errors);

        Assert.Empty(errors);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("{ repeat: { for_each: { '%n%': [1, 2] }, template: 'v%n%' } }", "[\"v1\",\"v2\"]")]
    [InlineData("{ repeat: { for_each: { '%a%': [x, y], '%b%': [1, 2] }, template: '%a%%b%' } }", "[\"x1\",\"x2\",\"y1\",\"y2\"]")]
    [InlineData("{ repeat: { for_each: { '%a%': [x, y], '%b%': [1, 2] }, template: '%a%%b%', permutations: false } }", "[\"x1\",\"y2\"]")]
    [InlineData("{ repeat: { for_each: { '<p>': [22, 80] }, template: { port: '<p>', protocol: tcp } } }", "[{\"port\":\"22\",\"protocol\":\"tcp\"},{\"port\":\"80\",\"protocol\":\"tcp\"}]")]
    [InlineData("{ map_merge: [{ a: 1, b: 2 }, { b: 3 }] }", "{\"a\":1,\"b\":3}")]
    [InlineData("{ map_replace: [{ k1: v1, k2: v2 }, { keys: { k1: K1 }, values: { v2: V2 } }] }", "{\"K1\":\"v1\",\"k2\":\"V2\"}")]
    [InlineData("{ list_concat: [[a, b], [b, c]] }", "[\"a\",\"b\",\"b\",\"c\"]")]
    [InlineData("{ list_concat_unique: [[a, b], [b, c]] }", "[\"a\",\"b\",\"c\"]")]
    [InlineData("{ filter: [[b], [a, b, c, b]] }", "[\"a\",\"c\"]")]
    [InlineData("{ str_split: [',', 'a,b'] }", "[\"a\",\"b\"]")]
    [InlineData("{ get_attr: [server, networks] }", "{\"private\":[\"10.0.0.5\"]}")]
    [InlineData("{ list_join: ['-', [a, { b: 1 }, [2, 3]]] }", "\"a-{\\\"b\\\": 1}-[2, 3]\"")]
    public void A_collection_function_evaluates_to_its_value(string expression, string json)
    {
        var value = Evaluate(expression, out var errors);

        Assert.Empty(errors);
        Assert.Equal(json, Values.ToJson(value));
    }

    [Theory]
    [InlineData("{ str_replace_strict: { template: 'a b', params: { c: x } } }", "EVAL006")]
    [InlineData("{ str_replace_vstrict: { template: 'a b', params: { a: '' } } }", "EVAL006")]
    [InlineData("{ str_split: [',', 'a,b', 5] }", "EVAL001")]
    [InlineData("{ digest: [sha3, abc] }", "EVAL008")]
    [InlineData("{ map_merge: [{ a: 1 }, [x]] }", "EVAL005")]
    [InlineData("{ list_join: [',', notalist] }", "EVAL005")]
    [InlineData("{ repeat: { for_each: { x: notalist }, template: x } }", "EVAL005")]
    public void A_bad_argument_known_at_validation_is_an_error_there(string expression, string code)
    {
        var result = TemplateFiles.Parse(Template(expression));

        Assert.Equal(code, result.Codes());
    }

    [Fact]
    public void What_depends_on_a_resource_is_unknown_until_deploy()
    {
        var value = Evaluate("{ list_join: [',', [a, { get_attr: [other, x] }]] }", out var errors);

        Assert.Empty(errors);
        Assert.IsType<UnknownValue>(value);
    }

    [Fact]
    public void Fn_functions_of_2013_05_23_evaluate()
    {
        var topology = TemplateFiles.Parse("heat_template_version: 2013-05-23\noutputs:\n  a: { value: { 'Fn::Join': ['-', [x, y]] } }\n  b: { value: { 'Fn::Select': [1, [x, y]] } }\n").Topology!;
        var evaluator = new ExpressionEvaluator(new TestResolver(topology));

        Assert.Equal("x-y", evaluator.Evaluate(topology.Outputs[0].Value!));
        Assert.Equal("y", evaluator.Evaluate(topology.Outputs[1].Value!));
    }

    private static string Template(string expression) => $$"""
        heat_template_version: 2021-04-16
        parameters:
          net: { type: string, default: private }
          config: { type: json, default: { a: [x, y] } }
          flag: { type: boolean, default: true }
        conditions:
          yes_cond: { get_param: flag }
          no_cond: { not: yes_cond }
        resources:
          server: { type: OS::Heat::None }
          other: { type: OS::Heat::None }
        outputs:
          o:
            value: {{expression}}
        """;

    private static object? Evaluate(string expression, out List<string> errors)
    {
        var result = TemplateFiles.Parse(Template(expression));
        errors = [.. result.Errors().Select(e => e.ToString())];
        var topology = result.Topology!;
        var evaluator = new ExpressionEvaluator(new TestResolver(topology));
        var value = evaluator.Evaluate(topology.Outputs[0].Value!);
        errors.AddRange(evaluator.Diagnostics.Select(d => d.ToString()));
        return value;
    }

    /// <summary>What the engine would supply after deploy: ids and attributes of "server"; "other" is not deployed yet.</summary>
    private sealed class TestResolver(TemplateTopology topology) : IExpressionResolver
    {
        public bool TryGetParameter(string name, out object? value)
        {
            var parameter = topology.FindParameter(name);
            value = null;
            return parameter is not null && parameter.TryGetEffectiveValue(out value);
        }

        public object? GetResourceId(string resource) => resource == "server" ? "id-of-server" : UnknownValue.Instance;

        public object? GetAttribute(string resource, string? attribute) => resource == "server" && attribute == "networks"
            ? new Dictionary<string, object?> { ["private"] = new List<object?> { "10.0.0.5" } }
            : UnknownValue.Instance;

        public object? GetCondition(string name)
        {
            var definition = topology.Conditions.First(c => c.Name == name);
            return new ExpressionEvaluator(this).EvaluateCondition(definition.Definition);
        }

        public object? GetResourceFacade(string kind) => "facade-" + kind;

        public object? GetFile(string path) => UnknownValue.Instance;
    }
}
