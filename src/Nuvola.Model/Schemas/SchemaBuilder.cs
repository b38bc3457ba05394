using System.Collections.Immutable;

namespace Nuvola.Model.Schemas;

/// <summary>A compact way to write the catalogue.</summary>
internal static class SchemaBuilder
{
    public static PropertySchema Str(string name) => new(name, PropertyType.String);

    public static PropertySchema Int(string name) => new(name, PropertyType.Integer);

    public static PropertySchema Num(string name) => new(name, PropertyType.Number);

    public static PropertySchema Bool(string name) => new(name, PropertyType.Boolean);

    public static PropertySchema Map(string name, params PropertySchema[] keys) => new(name, PropertyType.Map) { Properties = [.. keys] };

    public static PropertySchema AnyValue(string name) => new(name, PropertyType.Any);

    public static PropertySchema List(string name, PropertySchema? item = null) => new(name, PropertyType.List) { Items = item };

    public static PropertySchema ListOfMaps(string name, params PropertySchema[] keys) =>
        new(name, PropertyType.List) { Items = new PropertySchema("*", PropertyType.Map) { Properties = [.. keys] } };

    public static PropertySchema Req(this PropertySchema p) => p with { Required = true };

    public static PropertySchema Upd(this PropertySchema p) => p with { UpdateAllowed = true };

    public static PropertySchema Immut(this PropertySchema p) => p with { Immutable = true };

    public static PropertySchema Secret(this PropertySchema p) => p with { IsSecret = true };

    public static PropertySchema Def(this PropertySchema p, object? value) => p with { Default = value };

    public static PropertySchema Custom(this PropertySchema p, string constraint) => p with { CustomConstraint = constraint };

    public static PropertySchema Allowed(this PropertySchema p, params object?[] values) => p with { AllowedValues = [.. values] };

    public static PropertySchema Range(this PropertySchema p, double? min, double? max) => p with { Min = min, Max = max };

    public static PropertySchema Length(this PropertySchema p, int? min, int? max) => p with { MinLength = min, MaxLength = max };

    public static PropertySchema Alias(this PropertySchema p, string replacement) => p with { SupersededBy = replacement };

    public static ResourceTypeSchema Type(string type, string service, PropertySchema[] properties, params string[] attributes) =>
        new(type, service, [.. properties], [.. attributes.Append("show").Distinct().Select(a => new AttributeSchema(a))]);

    public static ResourceTypeSchema OneOf(this ResourceTypeSchema t, params string[] names) =>
        t with { RequiredOneOf = t.RequiredOneOf.Add([.. names]) };

    public static ImmutableArray<object?> Strings(params string[] values) => [.. values];
}
