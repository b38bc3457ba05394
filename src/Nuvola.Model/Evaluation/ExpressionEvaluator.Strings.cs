using System.Security.Cryptography;
using System.Text;
using Nuvola.Model.Topology;

namespace Nuvola.Model.Evaluation;

public sealed partial class ExpressionEvaluator
{
    private object? ListJoin(FunctionExpression f)
    {
        var args = ArgumentList(f);
        var delimiter = args.Count >= 2 ? Evaluate(args[0]) : null;
        if (delimiter is not (string or UnknownValue))
        {
            return Fail(f, EvaluationMessages.BadArguments, "list_join takes [delimiter, list, …]");
        }

        var items = new List<string>();
        foreach (var arg in args.Skip(1))
        {
            switch (Evaluate(arg))
            {
                case UnknownValue u:
                    return u;
                case IReadOnlyList<object?> list:
                    if (list.Any(Values.IsUnknown))
                    {
                        return UnknownValue.Instance;
                    }

                    Charge(list.Count);
                    items.AddRange(list.Select(item => item is string s ? s : Values.ToText(item)));
                    break;
                default:
                    return Fail(arg, EvaluationMessages.WrongType, "list_join joins lists; this argument is not a list");
            }
        }

        if (delimiter is not string d)
        {
            return UnknownValue.Instance;
        }

        Charge(items.Sum(i => (long)i.Length) + ((long)d.Length * Math.Max(0, items.Count - 1)));
        return string.Join(d, items);
    }

    /// <summary>str_replace, and its strict variants: strict 1 = every key must occur; 2 = also no empty value.</summary>
    private object? StrReplace(FunctionExpression f, int strict)
    {
        string? templateKey = f.Name == "Fn::Replace" ? null : "template";
        object? template;
        object? parameters;
        if (templateKey is null)
        {
            var args = ArgumentList(f);
            if (args.Count != 2)
            {
                return Fail(f, EvaluationMessages.BadArguments, "Fn::Replace takes [params, template]");
            }

            parameters = Evaluate(args[0]);
            template = Evaluate(args[1]);
        }
        else
        {
            if (f.Argument is not MapExpression map || map["template"] is not { } t || map["params"] is not { } p)
            {
                return Fail(f, EvaluationMessages.BadArguments, $"{f.Name} takes a map with 'template' and 'params'");
            }

            template = Evaluate(t);
            parameters = Evaluate(p);
        }

        if (template is UnknownValue || parameters is UnknownValue)
        {
            return UnknownValue.Instance;
        }

        if (template is not string text || parameters is not IReadOnlyDictionary<string, object?> map2)
        {
            return Fail(f, EvaluationMessages.WrongType, $"{f.Name}: 'template' must be a string and 'params' a map");
        }

        if (map2.Values.Any(Values.IsUnknown))
        {
            return UnknownValue.Instance;
        }

        foreach (var (key, value) in map2.OrderByDescending(p => p.Key.Length))
        {
            if (strict >= 1 && !text.Contains(key, StringComparison.Ordinal))
            {
                return Fail(f, EvaluationMessages.StrictReplace, $"{f.Name}: the key '{key}' does not occur in the template");
            }

            var replacement = Values.ToText(value);
            if (strict == 2 && replacement.Length == 0)
            {
                return Fail(f, EvaluationMessages.StrictReplace, $"{f.Name}: the value of '{key}' is empty");
            }

            text = Replace(text, key, replacement);
        }

        return text;
    }

    private object? StrSplit(FunctionExpression f)
    {
        var args = ArgumentList(f);
        if (args.Count is < 2 or > 3)
        {
            return Fail(f, EvaluationMessages.BadArguments, "str_split takes [delimiter, string, optional index]");
        }

        var delimiter = Evaluate(args[0]);
        var text = Evaluate(args[1]);
        var index = args.Count == 3 ? Evaluate(args[2]) : null;
        if (delimiter is UnknownValue || text is UnknownValue || index is UnknownValue)
        {
            return UnknownValue.Instance;
        }

        if (delimiter is not string d || text is not string s)
        {
            return Fail(f, EvaluationMessages.WrongType, "str_split: the delimiter and the string must be strings");
        }

        Charge(s.Length);
        var parts = s.Split(d).Cast<object?>().ToList();
        Charge(parts.Count);
        if (index is null)
        {
            return parts;
        }

        return Values.TryNumber(index, out var i) && i >= 0 && i < parts.Count
            ? parts[(int)i]
            : Fail(f, EvaluationMessages.BadArguments, $"str_split: index {Values.ToText(index)} is out of range (0..{parts.Count - 1})");
    }

    private object? Digest(FunctionExpression f)
    {
        if (!TryEvaluatePair(f, "digest takes [algorithm, value]", out var algorithm, out var value))
        {
            return UnknownValue.Instance;
        }

        var bytes = Encoding.UTF8.GetBytes(Values.ToText(value));
        byte[]? hash = Values.ToText(algorithm) switch
        {
#pragma warning disable CA5351 // Heat's digest offers md5 and sha1 to templates; not used for security here
            "md5" => MD5.HashData(bytes),
            "sha1" => SHA1.HashData(bytes),
#pragma warning restore CA5351
            "sha256" => SHA256.HashData(bytes),
            "sha384" => SHA384.HashData(bytes),
            "sha512" => SHA512.HashData(bytes),
            _ => null,
        };
        return hash is null
            ? Fail(ArgumentList(f)[0], EvaluationMessages.BadDigest, $"digest: unknown algorithm '{Values.ToText(algorithm)}' (md5, sha1, sha256, sha384, sha512)")
            : Convert.ToHexStringLower(hash);
    }

    private object? MakeUrl(FunctionExpression f)
    {
        if (Evaluate(f.Argument) is not IReadOnlyDictionary<string, object?> parts)
        {
            return Fail(f, EvaluationMessages.BadArguments, "make_url takes a map (scheme, username, password, host, port, path, query, fragment)");
        }

        if (parts.Values.Any(Values.IsUnknown) || (parts.GetValueOrDefault("query") is IReadOnlyDictionary<string, object?> q && q.Values.Any(Values.IsUnknown)))
        {
            return UnknownValue.Instance;
        }

        var url = new StringBuilder();
        if (parts.GetValueOrDefault("scheme") is { } scheme)
        {
            url.Append(Values.ToText(scheme)).Append("://");
        }

        if (parts.GetValueOrDefault("username") is { } user)
        {
            url.Append(Uri.EscapeDataString(Values.ToText(user)));
            if (parts.GetValueOrDefault("password") is { } password)
            {
                url.Append(':').Append(Uri.EscapeDataString(Values.ToText(password)));
            }

            url.Append('@');
        }

        var host = Values.ToText(parts.GetValueOrDefault("host"));
        url.Append(host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host);
        if (parts.GetValueOrDefault("port") is { } port)
        {
            url.Append(':').Append(Values.ToText(port));
        }

        var path = Values.ToText(parts.GetValueOrDefault("path"));
        url.Append(path.StartsWith('/') ? path : "/" + path);
        if (parts.GetValueOrDefault("query") is IReadOnlyDictionary<string, object?> query && query.Count > 0)
        {
            url.Append('?').AppendJoin('&', query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(Values.ToText(p.Value))));
        }

        if (parts.GetValueOrDefault("fragment") is { } fragment)
        {
            url.Append('#').Append(Uri.EscapeDataString(Values.ToText(fragment)));
        }

        return url.ToString();
    }
}
