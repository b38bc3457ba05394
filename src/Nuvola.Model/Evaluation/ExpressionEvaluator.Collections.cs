using Nuvola.Model.Topology;

namespace Nuvola.Model.Evaluation;

public sealed partial class ExpressionEvaluator
{
    private object? Repeat(FunctionExpression f)
    {
        if (f.Argument is not MapExpression map || map["for_each"] is not MapExpression forEach || map["template"] is not { } template)
        {
            return Fail(f, EvaluationMessages.BadArguments, "repeat takes a map with 'for_each' (a map of placeholder to list) and 'template'");
        }

        var permutations = map["permutations"] is { } p ? Evaluate(p) : true;
        var loops = new List<(string Placeholder, IReadOnlyList<object?> Items)>();
        foreach (var entry in forEach.Entries)
        {
            switch (Evaluate(entry.Value))
            {
                case UnknownValue u:
                    return u;
                case IReadOnlyList<object?> items:
                    loops.Add((entry.Key, items));
                    break;
                default:
                    return Fail(entry.Value, EvaluationMessages.WrongType, $"repeat: for_each '{entry.Key}' must be a list");
            }
        }

        var body = Evaluate(template);
        if (body is UnknownValue)
        {
            return body;
        }

        // Count the whole product before building it: repeat over seven lists of ten is ten million copies.
        var copies = permutations is false ? (loops.Count == 0 ? 0 : loops.Min(l => (long)l.Items.Count)) : 1L;
        if (permutations is not false)
        {
            foreach (var (_, items) in loops)
            {
                copies = items.Count == 0 ? 0 : copies > _budget.Limit / items.Count ? _budget.Limit + 1 : copies * items.Count;
            }
        }

        var bodySize = Values.Size(body, _budget.Limit) + loops.Count;
        Charge(copies == 0 ? 0 : bodySize > _budget.Limit / copies ? _budget.Limit + 1 : copies * bodySize);
        var combinations = new List<Dictionary<string, object?>>();
        if (permutations is false)
        {
            var count = loops.Count == 0 ? 0 : loops.Min(l => l.Items.Count);
            if (loops.Any(l => l.Items.Count != count))
            {
                return Fail(f, EvaluationMessages.BadArguments, "repeat: with permutations false every for_each list must have the same length");
            }

            for (var i = 0; i < count; i++)
            {
                combinations.Add(loops.ToDictionary(l => l.Placeholder, l => l.Items[i]));
            }
        }
        else
        {
            combinations.Add([]);
            foreach (var (placeholder, items) in loops)
            {
                combinations = [.. combinations.SelectMany(c => items.Select(item => new Dictionary<string, object?>(c) { [placeholder] = item }))];
            }
        }

        return combinations.Select(c => Substitute(body, c)).ToList();
    }

    private object? Substitute(object? value, Dictionary<string, object?> replacements) => value switch
    {
        string s => replacements.OrderByDescending(r => r.Key.Length).Aggregate(s, (text, r) => Replace(text, r.Key, Values.ToText(r.Value))),
        IReadOnlyDictionary<string, object?> map => map.ToDictionary(p => (string)Substitute(p.Key, replacements)!, p => Substitute(p.Value, replacements)),
        IReadOnlyList<object?> list => list.Select(i => Substitute(i, replacements)).ToList(),
        _ => value,
    };

    private object? MapMerge(FunctionExpression f)
    {
        var result = new Dictionary<string, object?>();
        foreach (var arg in ArgumentList(f))
        {
            switch (Evaluate(arg))
            {
                case UnknownValue u:
                    return u;
                case null:
                    break;
                case IReadOnlyDictionary<string, object?> map:
                    Charge(map.Count);
                    foreach (var (key, value) in map)
                    {
                        result[key] = value;
                    }

                    break;
                default:
                    return Fail(arg, EvaluationMessages.WrongType, "map_merge merges maps; this argument is not a map");
            }
        }

        return result;
    }

    private object? MapReplace(FunctionExpression f)
    {
        if (!TryEvaluatePair(f, "map_replace takes [map, {keys: {…}, values: {…}}]", out var input, out var replacements))
        {
            return UnknownValue.Instance;
        }

        if (input is not IReadOnlyDictionary<string, object?> map || replacements is not IReadOnlyDictionary<string, object?> spec)
        {
            return Fail(f, EvaluationMessages.WrongType, "map_replace: both arguments must be maps");
        }

        var keys = spec.GetValueOrDefault("keys") as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();
        var values = spec.GetValueOrDefault("values") as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();
        Charge(map.Count);
        var result = new Dictionary<string, object?>();
        foreach (var (key, value) in map)
        {
            var newKey = keys.TryGetValue(key, out var k) ? Values.ToText(k) : key;
            if (result.ContainsKey(newKey))
            {
                return Fail(f, EvaluationMessages.BadArguments, $"map_replace: key '{newKey}' would occur twice");
            }

            result[newKey] = value is string s && values.TryGetValue(s, out var v) ? v : value;
        }

        return result;
    }

    private object? ListConcat(FunctionExpression f, bool unique)
    {
        var result = new List<object?>();
        foreach (var arg in ArgumentList(f))
        {
            switch (Evaluate(arg))
            {
                case UnknownValue u:
                    return u;
                case null:
                    break;
                case IReadOnlyList<object?> list:
                    // Unique compares each item with those kept: count that work too.
                    Charge(unique ? list.Count * (1 + (result.Count / 16)) : list.Count);
                    foreach (var item in list)
                    {
                        if (!unique || !result.Any(r => Values.Equals(r, item)))
                        {
                            result.Add(item);
                        }
                    }

                    break;
                default:
                    return Fail(arg, EvaluationMessages.WrongType, $"{f.Name} concatenates lists; this argument is not a list");
            }
        }

        return result;
    }

    private object? Contains(FunctionExpression f)
    {
        if (!TryEvaluatePair(f, "contains takes [value, sequence]", out var value, out var sequence))
        {
            return UnknownValue.Instance;
        }

        return sequence switch
        {
            IReadOnlyList<object?> list => list.Any(item => Values.Equals(item, value)),
            string s => s.Contains(Values.ToText(value), StringComparison.Ordinal),
            _ => Fail(ArgumentList(f)[1], EvaluationMessages.WrongType, "contains: the second argument must be a list or a string"),
        };
    }

    private object? Filter(FunctionExpression f)
    {
        if (!TryEvaluatePair(f, "filter takes [values to remove, list]", out var remove, out var list))
        {
            return UnknownValue.Instance;
        }

        if (list is not IReadOnlyList<object?> items || remove is not (IReadOnlyList<object?> or null))
        {
            return Fail(f, EvaluationMessages.WrongType, "filter: both arguments must be lists");
        }

        var removed = remove as IReadOnlyList<object?> ?? [];
        Charge(items.Count * (1 + (removed.Count / 16)));
        return items.Where(item => !removed.Any(r => Values.Equals(r, item))).ToList();
    }
}
