using Microsoft.Extensions.Hosting.Systemd;

namespace Mcr.Server.Hosting;

/// <summary>
/// Tells a service manager when the server is ready and when it stops (sd_notify: <c>READY=1</c> once every
/// listener is bound and the hosted services have started, <c>STOPPING=1</c> on SIGTERM), through
/// Microsoft.Extensions.Hosting.Systemd. On whenever <c>NOTIFY_SOCKET</c> is set, which is how systemd
/// (<c>Type=notify</c>, deploy/systemd/mcr.service) and podman (<c>--sdnotify=container</c>) ask for it.
/// The package's <c>AddSystemd</c> is not used: it also switches the console logger to the journal's
/// text format, where MCR keeps the <c>log.format</c> of its configuration, and it turns itself on only
/// when the parent process is systemd.
/// </summary>
internal static class SystemdNotify
{
    public const string SocketVariable = "NOTIFY_SOCKET";

    public static IServiceCollection AddSystemdNotify(this IServiceCollection services, string? notifySocket)
    {
        if (string.IsNullOrEmpty(notifySocket))
        {
            return services;
        }
        services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
        services.AddSingleton<IHostLifetime, SystemdLifetime>();
        return services;
    }
}
