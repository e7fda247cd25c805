using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Mcr.Infrastructure.Hosting;
using Mcr.Protocol.V1;
using Mcr.Web.Cli;
using Mcr.Web.Registry;
using Mcr.Web.Session;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mcr.Web.Hosting;

/// <summary>
/// Builds mcr-web from validated settings: Kestrel (TLS 1.3 only, small bodies), the session cookie, CSRF
/// checks, security headers, the error pages, the Razor Pages and the one gRPC channel to the registry.
/// </summary>
public static class WebApp
{
    /// <summary>The largest request body mcr-web reads: its forms are small (a policy rule, a list of tags).</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public const string AntiforgeryCookie = "__Host-mcr-csrf";
    public const string AntiforgeryHeader = "RequestVerificationToken";

    /// <param name="configure">Lets tests adjust the builder (e.g. capture the logs).</param>
    public static WebApplication Build(WebSettings settings, Action<WebApplicationBuilder>? configure = null)
    {
        // The empty builder, as mcrsrv's: mcr-web reads the registry's TOML, no framework configuration files.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(WebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = "wwwroot",
            EnvironmentName = Environments.Production,
        });
        var options = settings.Options;
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, settings));
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(10));
        McrLogging.Configure(builder.Logging, options.Log);
        // The error page logs what it answers, once; the framework's handler would add a second, louder line.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", LogLevel.None);
        builder.Host.UseDefaultServiceProvider(provider =>
        {
            provider.ValidateOnBuild = true;
            provider.ValidateScopes = true;
        });
        AddServices(builder.Services, settings);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.Use(SecurityHeaders.Apply);
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error", AllowStatusCode404Response = true });
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseStaticFiles(new StaticFileOptions
        {
            // Links carry ?v=<hash> (asp-append-version), so a changed file gets a new URL.
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "public, max-age=604800",
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/health", HealthAsync).AllowAnonymous();
        app.MapRazorPages();
        return app;
    }

    private static void AddServices(IServiceCollection services, WebSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<WebListeners>();
        services.AddSingleton<RegistryConnection>();
        services.AddHttpContextAccessor();
        services.AddScoped(provider => new RegistryClient(
            provider.GetRequiredService<RegistryConnection>(), provider.GetRequiredService<IHttpContextAccessor>()));

        // Cookies and anti-forgery tokens are encrypted and signed with a key that lives only in this process:
        // nothing is written to disk (the unit gives mcr-web read-only access to /srv/mcr); a restart signs everyone out.
        services.AddDataProtection().SetApplicationName("mcr-web");
        services.Configure<KeyManagementOptions>(keys =>
        {
            keys.XmlRepository = new InMemoryKeyRepository();
            keys.XmlEncryptor = new NullXmlEncryptor(); // the key never leaves memory: nothing to encrypt it for
        });

        services.AddAuthentication(SessionUser.Scheme).AddCookie(SessionUser.Scheme, cookie =>
        {
            cookie.Cookie.Name = SessionUser.CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.Path = "/";
            cookie.LoginPath = "/login";
            cookie.LogoutPath = "/logout";
            cookie.ReturnUrlParameter = "returnUrl";
            // The session ends when the registry token does (Pages/Login sets ExpiresUtc to the token's expiry).
            cookie.SlidingExpiration = false;
            cookie.Events.OnRedirectToLogin = RedirectToLogin;
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                // A page, not a redirect: the status code pages render the 403 page at this URL.
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(SessionUser.Scheme).RequireAuthenticatedUser().Build())
            .AddPolicy(SessionUser.AdminPolicy, policy => policy.AddAuthenticationSchemes(SessionUser.Scheme)
                .RequireAuthenticatedUser().RequireClaim(SessionUser.AdminClaim, "true"));

        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/Policies", SessionUser.AdminPolicy);
            pages.Conventions.AuthorizeFolder("/Audit", SessionUser.AdminPolicy);
            pages.Conventions.AuthorizeFolder("/Accounts", SessionUser.AdminPolicy);
            pages.Conventions.AddPageRoute("/Policies/Edit", "policies/new");
            pages.Conventions.AllowAnonymousToPage("/Login");
            pages.Conventions.AllowAnonymousToPage("/Error");
        }).AddMvcOptions(mvc => mvc.Filters.Add<CsrfFailureFilter>());
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = AntiforgeryCookie;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.HeaderName = AntiforgeryHeader;
            antiforgery.SuppressXFrameOptionsHeader = true; // SecurityHeaders sends DENY, stricter than its SAMEORIGIN
        });
        services.Configure<CookieTempDataProviderOptions>(flash =>
        {
            flash.Cookie.Name = "__Host-mcr-flash";
            flash.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            flash.Cookie.SameSite = SameSiteMode.Strict;
            flash.Cookie.HttpOnly = true;
        });
        services.Configure<FormOptions>(form =>
        {
            form.BufferBodyLengthLimit = MaxBodyBytes;
            form.MultipartBodyLengthLimit = MaxBodyBytes;
            form.ValueCountLimit = 1024;
            form.ValueLengthLimit = 16 * 1024;
            form.KeyLengthLimit = 256;
        });
        services.Configure<RouteOptions>(routes => routes.LowercaseUrls = true);
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel, WebSettings settings)
    {
        var web = settings.Options.Web;
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
        kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);
        kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(120);
        var certificate = X509Certificate2.CreateFromPemFile(web.TlsCert, web.TlsKey);
        var listeners = kestrel.ApplicationServices.GetRequiredService<WebListeners>();
        KestrelListen.Listen(kestrel, "web.listen_addr", web.ListenAddr, listen =>
        {
            listeners.Listeners.Add(listen);
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificate, https => https.SslProtocols = SslProtocols.Tls13);
        });
    }

    /// <summary>
    /// To the login page, saying why when the request carried a session that is no longer valid; for an htmx
    /// request the browser is told to go there (a redirect would swap the login page into the current one).
    /// </summary>
    private static Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        var target = context.RedirectUri;
        if (context.Request.Cookies.ContainsKey(SessionUser.CookieName))
        {
            target += (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "reason=expired";
            context.Response.Cookies.Delete(SessionUser.CookieName, new CookieOptions { Path = "/", Secure = true, SameSite = SameSiteMode.Strict });
        }
        if (Htmx.IsHtmx(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.Headers["HX-Redirect"] = target;
        }
        else
        {
            context.Response.Redirect(target);
        }
        return Task.CompletedTask;
    }

    /// <summary>mcr-web answers; the registry's own health is reported beside it (mcr-web stays up when it is down).</summary>
    private static async Task<IResult> HealthAsync(RegistryConnection connection, CancellationToken cancellationToken)
    {
        var client = new RegistryClient(connection, token: null, cancellationToken);
        string registry;
        try
        {
            var health = await client.Admin.HealthAsync(new HealthRequest(), deadline: DateTime.UtcNow.AddSeconds(3), cancellationToken: cancellationToken);
            registry = health.Status;
        }
        catch (RpcException)
        {
            registry = "unavailable";
        }
        return Results.Text($"{{\"status\":\"ok\",\"registry\":\"{(registry == "ok" ? "ok" : "unavailable")}\"}}", "application/json");
    }
}
