using Grpc.Core;
using Mcr.Protocol.V1;
using Mcr.Web.Session;
using GrpcStatus = Grpc.Core.StatusCode;

namespace Mcr.Web.Pages;

/// <summary>The dashboard: <c>RegistryService.GetStats</c>, and for an admin <c>AdminService.GetGCStatus</c>.</summary>
public sealed class IndexModel : McrPageModel
{
    public RegistryStats Stats { get; private set; } = new();

    /// <summary>Null for a non-admin (GC status is admin only) or when the registry would not say.</summary>
    public GcStatus? Gc { get; private set; }

    public async Task OnGetAsync()
    {
        Stats = await Registry.Registry.GetStatsAsync(new GetStatsRequest());
        if (User.IsAdmin())
        {
            try
            {
                Gc = await Registry.Admin.GetGCStatusAsync(new GetGCStatusRequest());
            }
            catch (RpcException e) when (e.StatusCode == GrpcStatus.PermissionDenied)
            {
                Gc = null;
            }
        }
    }
}
