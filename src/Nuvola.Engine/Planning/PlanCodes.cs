namespace Nuvola.Engine.Planning;

/// <summary>Stable codes of the planner's and applier's diagnostics.</summary>
public static class PlanCodes
{
    public const string DuplicateResource = "ENG001";
    public const string UnknownDependency = "ENG002";
    public const string DependencyCycle = "ENG003";
    public const string StalePlan = "ENG004";
    public const string NoDriver = "ENG005";
    public const string PlanHasErrors = "ENG006";
}
