using Nuvola.Cloud.Orchestration.Api;

namespace Nuvola.Cloud.Orchestration;

/// <summary>Orchestration (Heat v1): Heat's records, the background operations over the engine, hooks, and the routes under /heat-api.</summary>
public static class OrchestrationModule
{
    public static IServiceCollection AddOrchestration(this IServiceCollection services)
    {
        services.AddSingleton<HeatStore>();
        services.AddSingleton<HookRegistry>();
        services.AddSingleton<StackOperations>();
        services.AddSingleton<HeatEngine>();
        services.AddSingleton<IOrchestrationEngine>(provider => provider.GetRequiredService<HeatEngine>());
        return services;
    }

    public static IEndpointRouteBuilder MapOrchestration(this IEndpointRouteBuilder routes)
    {
        routes.MapOrchestrationApi();
        routes.MapSoftwareDeploymentEndpoints();
        return routes;
    }
}
