namespace Nuvola.Model.Evaluation;

/// <summary>Diagnostic codes of expression evaluation.</summary>
public static class EvaluationMessages
{
    public const string BadArguments = "EVAL001";
    public const string UnknownParameter = "EVAL002";
    public const string UnsupportedFunction = "EVAL003";
    public const string BadCondition = "EVAL004";
    public const string WrongType = "EVAL005";
    public const string StrictReplace = "EVAL006";
    public const string UnsupportedYaql = "EVAL007";
    public const string BadDigest = "EVAL008";
    public const string ValueTooLarge = "EVAL009";
}
