using Mcr.Infrastructure.Admin;

namespace Mcr.Server.Admin;

/// <summary>
/// <c>POST /v1/snapshot</c>, admin only: writes a consistent database copy into <c>&lt;data&gt;/snapshots</c> and
/// answers 201 <c>{"path", "size", "created_at"}</c>; 409 while another snapshot runs. No request body.
/// </summary>
internal static class SnapshotEndpoints
{
    public static IEndpointRouteBuilder MapSnapshotEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(AdminRoutes.Snapshot, CreateAsync).RequireAdmin();
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, SnapshotService service)
    {
        var result = await service.CreateAsync(http.Caller(), http.RequestAborted);
        return result.ToResult(info => AdminHttp.Json(
            SnapshotResponse.From(info), AdminJsonContext.Default.SnapshotResponse, StatusCodes.Status201Created));
    }
}
