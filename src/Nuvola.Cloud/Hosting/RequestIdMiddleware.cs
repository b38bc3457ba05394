namespace Nuvola.Cloud.Hosting;

/// <summary>
/// Every answer carries x-openstack-request-id ("req-" + a UUID), as oslo.middleware's request id does for each
/// OpenStack service; services that set their own (Compute, Block Storage) keep theirs.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string Header = "x-openstack-request-id";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            if (!response.Headers.ContainsKey(Header))
            {
                response.Headers[Header] = "req-" + Guid.NewGuid().ToString();
            }

            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}
