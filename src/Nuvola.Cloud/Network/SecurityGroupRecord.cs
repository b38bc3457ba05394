namespace Nuvola.Cloud.Network;

/// <summary>A security group; its rules are separate records (<see cref="SecurityGroupRuleRecord"/>).</summary>
public sealed record SecurityGroupRecord(string Id, string Name, string ProjectId, bool Stateful, StandardAttributes Standard) : INeutronObject;
