namespace Nuvola.Templates.Hot;

/// <summary>The stable diagnostic codes of HOT templates and environments (docs/templates.md lists them).</summary>
internal static class HotMessages
{
    public const string MissingVersion = "HOT001";
    public const string UnknownVersion = "HOT002";
    public const string UnknownSection = "HOT003";
    public const string WrongShape = "HOT004";
    public const string SectionNotInVersion = "HOT005";
    public const string ParameterType = "HOT010";
    public const string ParameterKey = "HOT011";
    public const string ConstraintShape = "HOT012";
    public const string ConstraintViolated = "HOT013";
    public const string ParameterValue = "HOT014";
    public const string UnknownCustomConstraint = "HOT015";
    public const string GroupParameter = "HOT016";
    public const string MissingParameterValue = "HOT017";
    public const string UndeclaredParameter = "HOT020";
    public const string UnknownResource = "HOT021";
    public const string UnknownAttribute = "HOT023";
    public const string UnknownDependency = "HOT024";
    public const string FunctionNotInVersion = "HOT025";
    public const string FunctionArguments = "HOT026";
    public const string FunctionNotAllowedHere = "HOT027";
    public const string UnknownCondition = "HOT028";
    public const string ConditionCycle = "HOT029";
    public const string MissingType = "HOT030";
    public const string UnsupportedType = "HOT031";
    public const string ResourceKey = "HOT032";
    public const string UnknownProperty = "HOT033";
    public const string MissingProperty = "HOT034";
    public const string PropertyType = "HOT035";
    public const string PropertyValue = "HOT036";
    public const string DependencyCycle = "HOT037";
    public const string DeletionPolicy = "HOT038";
    public const string OutputShape = "HOT039";
    public const string FileNotFound = "HOT040";
    public const string NestedTemplate = "HOT041";
    public const string UnsupportedYaql = "HOT042";
    public const string NotAFunction = "HOT044";
    public const string DeprecatedProperty = "HOT045";
    public const string NuvolaExtension = "HOT046";
    public const string EventSinksIgnored = "ENV001";
    public const string EnvironmentSection = "ENV002";
    public const string EnvironmentParameter = "ENV003";
    public const string Registry = "ENV004";

    public const string DeclareParameterHint = "declare it under parameters:";
}
