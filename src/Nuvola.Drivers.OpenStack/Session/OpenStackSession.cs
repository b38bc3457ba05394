using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nuvola.Drivers.OpenStack.Config;

namespace Nuvola.Drivers.OpenStack.Session;

/// <summary>
/// A keystoneauth-like session on one cloud: authenticates (password, token, application credential), renews the
/// token before it expires and once on a 401, finds endpoints in the catalog by service type, interface and region
/// (discovering the version URL and microversion), sends microversion headers, and turns error answers into
/// <see cref="OpenStackApiException"/>. One HttpClient per session; safe for concurrent calls.
/// </summary>
public sealed class OpenStackSession : IDisposable
{
    private readonly HttpClient _http;
    private readonly OpenStackSessionOptions _options;
    private readonly SemaphoreSlim _authLock = new(1, 1);
    private readonly ConcurrentDictionary<string, Lazy<Task<ServiceEndpoint>>> _endpoints = new(StringComparer.Ordinal);
    private AuthToken? _token;

    public OpenStackSession(CloudConfig config, OpenStackSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        _options = options ?? new OpenStackSessionOptions();
        _http = new HttpClient(_options.Handler ?? CreateHandler(config), disposeHandler: _options.Handler is null)
        {
            Timeout = _options.RequestTimeout,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("nuvola-openstack-driver/1.0");
    }

    /// <summary>The settings this session authenticates with (secrets hidden in ToString).</summary>
    public CloudConfig Config { get; }

    /// <summary>
    /// A session acting with a caller's token (keystoneauth's v3token): the token is exchanged for a token scoped to
    /// <paramref name="projectId"/> (or the token's own project) with its catalog. For the embedded cloud's Heat API.
    /// </summary>
    public static OpenStackSession FromToken(string authUrl, string token, string? projectId = null,
        OpenStackSessionOptions? options = null, string? regionName = null) =>
        new(new CloudConfig
        {
            Name = authUrl,
            AuthUrl = authUrl,
            AuthType = "v3token",
            Token = token,
            ProjectId = projectId,
            RegionName = regionName,
        }, options);

    /// <summary>The token in use (null before the first call); for tests.</summary>
    internal string? CurrentTokenId => _token?.Id;

    /// <summary>The project the session's token is scoped to (authenticates if needed).</summary>
    public async Task<string?> GetProjectIdAsync(CancellationToken cancellationToken = default) =>
        (await TokenAsync(cancellationToken).ConfigureAwait(false)).ProjectId;

    /// <summary>The microversion used for <paramref name="service"/> (null: none negotiated).</summary>
    public async Task<ApiVersion?> GetMicroversionAsync(string service, CancellationToken cancellationToken = default) =>
        (await EndpointAsync(service, cancellationToken).ConfigureAwait(false)).Microversion;

    /// <summary>The versioned base URL of <paramref name="service"/>.</summary>
    public async Task<string> GetEndpointAsync(string service, CancellationToken cancellationToken = default) =>
        (await EndpointAsync(service, cancellationToken).ConfigureAwait(false)).Url;

    /// <summary>
    /// Calls <paramref name="path"/> (relative to the service's versioned URL, or absolute) and returns the answer.
    /// A 404 is returned (not thrown) when <paramref name="allowNotFound"/>; every other error status throws
    /// <see cref="OpenStackApiException"/> naming <paramref name="resource"/>, the call, the status, the request id
    /// and the cloud's message.
    /// </summary>
    public Task<ApiResponse> SendAsync(string service, HttpMethod method, string path, JsonNode? body = null,
        string? resource = null, bool allowNotFound = false, IReadOnlyDictionary<string, string>? headers = null,
        CancellationToken cancellationToken = default)
    {
        var contentType = headers?.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value
            ?? "application/json";
        return SendCoreAsync(service, method, path, body is null ? null : () =>
        {
            var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            return content;
        }, resource, allowNotFound, headers, cancellationToken);
    }

    /// <summary>PUT of raw bytes (application/octet-stream), e.g. an image's data to /images/{id}/file.</summary>
    public Task<ApiResponse> UploadAsync(string service, string path, byte[] data, string? resource = null,
        CancellationToken cancellationToken = default) =>
        SendCoreAsync(service, HttpMethod.Put, path, () =>
        {
            var content = new ByteArrayContent(data);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return content;
        }, resource, false, null, cancellationToken);

    /// <summary>GET of a URL outside the cloud (no token sent): an image location when the cloud cannot import it.</summary>
    internal async Task<byte[]> DownloadAsync(string url, string? resource, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await SendRawAsync(request, $"GET {url}", resource, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new OpenStackApiException(resource, $"GET {url}", (int)response.StatusCode, response.ReasonPhrase,
                OpenStackErrors.IsTransient((int)response.StatusCode));
        }

        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<ApiResponse> SendCoreAsync(string service, HttpMethod method, string path, Func<HttpContent>? content,
        string? resource, bool allowNotFound, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var endpoint = await EndpointAsync(service, cancellationToken).ConfigureAwait(false);
        var url = path.StartsWith("http://", StringComparison.Ordinal) || path.StartsWith("https://", StringComparison.Ordinal)
            ? path
            : endpoint.Url.TrimEnd('/') + (path.StartsWith('/') ? path : "/" + path);
        var call = $"{method.Method} {url}";
        for (var attempt = 0; ; attempt++)
        {
            var token = await TokenAsync(cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Add("X-Auth-Token", token.Id);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (ServiceTypes.MicroversionName(service) is { } name && endpoint.Microversion is { } version)
            {
                request.Headers.Add("OpenStack-API-Version", $"{name} {version}");
                if (service == ServiceTypes.Compute)
                {
                    request.Headers.Add("X-OpenStack-Nova-API-Version", version.ToString());
                }
            }

            foreach (var (key, value) in headers ?? new Dictionary<string, string>())
            {
                if (!key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    request.Headers.TryAddWithoutValidation(key, value);
                }
            }

            if (content is not null)
            {
                request.Content = content();
            }

            using var response = await SendRawAsync(request, call, resource, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var requestId = RequestIdOf(response);
            if (status == 401 && attempt == 0)
            {
                Invalidate(token);
                continue;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (status is >= 200 and < 300 || (allowNotFound && status == 404))
            {
                return new ApiResponse(response.StatusCode, status == 404 ? null : ParseJson(text), requestId, response.Headers.Location);
            }

            throw new OpenStackApiException(resource, call, status, OpenStackErrors.MessageOf(text) ?? response.ReasonPhrase,
                OpenStackErrors.IsTransient(status), requestId, OpenStackErrors.RetryAfter(response.Headers.RetryAfter, _options.Time.GetUtcNow()));
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _authLock.Dispose();
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, string call, string? resource,
        CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new OpenStackApiException(resource, call, null, e.Message, isTransient: true, innerException: e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OpenStackApiException(resource, call, null, $"no answer within {_http.Timeout.TotalSeconds:0} s",
                isTransient: true, innerException: e);
        }
    }

    private async Task<AuthToken> TokenAsync(CancellationToken cancellationToken)
    {
        var current = _token;
        if (current is not null && current.ExpiresAt - _options.RenewBeforeExpiry > _options.Time.GetUtcNow())
        {
            return current;
        }

        await _authLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = _token;
            if (current is not null && current.ExpiresAt - _options.RenewBeforeExpiry > _options.Time.GetUtcNow())
            {
                return current;
            }

            _token = await AuthenticateAsync(cancellationToken).ConfigureAwait(false);
            return _token;
        }
        finally
        {
            _authLock.Release();
        }
    }

    private void Invalidate(AuthToken token) => Interlocked.CompareExchange(ref _token, null, token);

    private async Task<AuthToken> AuthenticateAsync(CancellationToken cancellationToken)
    {
        var baseUrl = Config.AuthUrl.TrimEnd('/');
        var url = (VersionDiscovery.IsVersioned(baseUrl) ? baseUrl : baseUrl + "/v3") + "/auth/tokens";
        var call = $"POST {url}";
        JsonObject body;
        try
        {
            var config = Config;
            if (config.NormalizedAuthType == "token" && config.ProjectId is null && config.ProjectName is null && config.Token is { } token)
            {
                // keystoneauth's v3token without a scope would get an unscoped token (no catalog): scope it to the
                // project of the token it was given.
                config = config with { ProjectId = await TokenProjectAsync(url, token, cancellationToken).ConfigureAwait(false) };
            }

            body = AuthRequest.Build(config);
        }
        catch (CloudConfigException e)
        {
            throw new OpenStackApiException($"cloud '{Config.Name}'", call, null, e.Message, isTransient: false, innerException: e);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await SendRawAsync(request, call, "authentication", cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status is not (200 or 201) || !response.Headers.TryGetValues("X-Subject-Token", out var tokens))
        {
            throw new OpenStackApiException($"authentication to cloud '{Config.Name}'", call, status,
                OpenStackErrors.MessageOf(text) ?? response.ReasonPhrase, OpenStackErrors.IsTransient(status), RequestIdOf(response),
                OpenStackErrors.RetryAfter(response.Headers.RetryAfter, _options.Time.GetUtcNow()));
        }

        return AuthToken.Parse(tokens.First(), ParseJson(text));
    }

    private async Task<string?> TokenProjectAsync(string url, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Auth-Token", token);
        request.Headers.Add("X-Subject-Token", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await SendRawAsync(request, $"GET {url}", "authentication", cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new OpenStackApiException($"authentication to cloud '{Config.Name}'", $"GET {url}", (int)response.StatusCode,
                OpenStackErrors.MessageOf(text) ?? response.ReasonPhrase, OpenStackErrors.IsTransient((int)response.StatusCode), RequestIdOf(response));
        }

        return (string?)ParseJson(text)?["token"]?["project"]?["id"];
    }

    private Task<ServiceEndpoint> EndpointAsync(string service, CancellationToken cancellationToken)
    {
        var lazy = _endpoints.GetOrAdd(service, s => new Lazy<Task<ServiceEndpoint>>(() => DiscoverAsync(s, CancellationToken.None)));
        var task = lazy.Value;
        if (task.IsFaulted)
        {
            _endpoints.TryRemove(new KeyValuePair<string, Lazy<Task<ServiceEndpoint>>>(service, lazy));
        }

        return task.WaitAsync(cancellationToken);
    }

    private async Task<ServiceEndpoint> DiscoverAsync(string service, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(cancellationToken).ConfigureAwait(false);
        var catalogUrl = token.Endpoint(service, Config.Interface, Config.RegionName);
        if (catalogUrl is null && service == ServiceTypes.Identity)
        {
            catalogUrl = Config.AuthUrl;
        }

        if (catalogUrl is null)
        {
            throw new OpenStackApiException($"cloud '{Config.Name}'", $"catalog lookup of {service}", null,
                $"the catalog has no {Config.Interface} endpoint of type {string.Join("/", ServiceTypes.Aliases(service))}"
                + (Config.RegionName is null ? string.Empty : $" in region {Config.RegionName}"), isTransient: false);
        }

        var versionPath = ServiceTypes.VersionPath(service);
        string url;
        JsonObject? version;
        if (VersionDiscovery.IsVersioned(catalogUrl))
        {
            url = catalogUrl;
            version = ServiceTypes.MicroversionName(service) is null
                ? null
                : VersionDiscovery.Find(await TryGetAsync(VersionDiscovery.VersionRoot(catalogUrl), token, cancellationToken).ConfigureAwait(false), versionPath);
        }
        else
        {
            version = VersionDiscovery.Find(await TryGetAsync(catalogUrl, token, cancellationToken).ConfigureAwait(false), versionPath);
            url = (version is null ? null : VersionDiscovery.SelfLink(version)) ?? catalogUrl.TrimEnd('/') + "/" + versionPath;
        }

        var wanted = service == ServiceTypes.Compute ? _options.ComputeMicroversion
            : service == ServiceTypes.Volume ? _options.VolumeMicroversion : (ApiVersion?)null;
        ApiVersion? microversion = wanted is { } w && VersionDiscovery.MaxMicroversion(version) is { } max
            ? (max < w ? max : w)
            : null;
        return new ServiceEndpoint(url.TrimEnd('/'), microversion);
    }

    private async Task<JsonNode?> TryGetAsync(string url, AuthToken token, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("X-Auth-Token", token.Id);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode is >= 200 and < 400
                ? ParseJson(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))
                : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static JsonNode? ParseJson(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? RequestIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-openstack-request-id", out var ids) ? ids.FirstOrDefault()
        : response.Headers.TryGetValues("x-compute-request-id", out var compute) ? compute.FirstOrDefault()
        : response.Headers.TryGetValues("X-Openstack-Request-Id", out var other) ? other.FirstOrDefault()
        : null;

    private static SocketsHttpHandler CreateHandler(CloudConfig config)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 64 };
        if (!config.Verify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (config.CaCert is { } caFile && File.Exists(caFile))
        {
            var trusted = new X509Certificate2Collection();
            trusted.ImportFromPemFile(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (errors == System.Net.Security.SslPolicyErrors.None)
                {
                    return true;
                }

                if (certificate is null || chain is null)
                {
                    return false;
                }

                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        return handler;
    }
}
