using System.Globalization;
using Mcr.Infrastructure.Admin;

namespace Mcr.Server.Admin;

/// <summary>
/// Policy rules CRUD, admin only: <c>GET|POST /v1/policy/rules</c>, <c>GET|PATCH|DELETE /v1/policy/rules/{id}</c>.
/// Validation, audit and the engine reload are in <see cref="PolicyAdminService"/>.
/// </summary>
internal static class PolicyEndpoints
{
    public static IEndpointRouteBuilder MapPolicyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(AdminRoutes.PolicyRules, ListAsync).RequireAdmin();
        app.MapPost(AdminRoutes.PolicyRules, CreateAsync).RequireAdmin();
        app.MapGet(AdminRoutes.PolicyRule, GetAsync).RequireAdmin();
        app.MapPatch(AdminRoutes.PolicyRule, UpdateAsync).RequireAdmin();
        app.MapDelete(AdminRoutes.PolicyRule, DeleteAsync).RequireAdmin();
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, PolicyAdminService service)
    {
        if (!AdminHttp.TryReadPaging(http.Request, out var n, out var offset, out var error))
        {
            return error!;
        }
        var result = await service.ListAsync(n, offset, http.RequestAborted);
        return result.ToResult(page => AdminHttp.Json(
            new PolicyRuleListResponse([.. page.Items.Select(PolicyRuleResponse.From)], page.Total, n, offset),
            AdminJsonContext.Default.PolicyRuleListResponse));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, PolicyAdminService service)
    {
        var (input, error) = await AdminHttp.ReadJsonAsync(http.Request, AdminJsonContext.Default.PolicyRuleInput);
        if (input is null)
        {
            return error!;
        }
        var result = await service.CreateAsync(http.Caller(), input, http.RequestAborted);
        return result.ToResult(rule =>
        {
            http.Response.Headers.Location = $"{AdminRoutes.PolicyRules}/{rule.Rule.Id.ToString(CultureInfo.InvariantCulture)}";
            return AdminHttp.Json(PolicyRuleResponse.From(rule), AdminJsonContext.Default.PolicyRuleResponse, StatusCodes.Status201Created);
        });
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, PolicyAdminService service)
    {
        if (!AdminHttp.TryParseId(id, out var ruleId, out var error))
        {
            return error!;
        }
        var result = await service.GetAsync(ruleId, http.RequestAborted);
        return result.ToResult(rule => AdminHttp.Json(PolicyRuleResponse.From(rule), AdminJsonContext.Default.PolicyRuleResponse));
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string id, PolicyAdminService service)
    {
        if (!AdminHttp.TryParseId(id, out var ruleId, out var idError))
        {
            return idError!;
        }
        var (input, error) = await AdminHttp.ReadJsonAsync(http.Request, AdminJsonContext.Default.PolicyRuleInput);
        if (input is null)
        {
            return error!;
        }
        var result = await service.UpdateAsync(http.Caller(), ruleId, input, http.RequestAborted);
        return result.ToResult(rule => AdminHttp.Json(PolicyRuleResponse.From(rule), AdminJsonContext.Default.PolicyRuleResponse));
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, PolicyAdminService service)
    {
        if (!AdminHttp.TryParseId(id, out var ruleId, out var error))
        {
            return error!;
        }
        var result = await service.DeleteAsync(http.Caller(), ruleId, http.RequestAborted);
        return result.ToResult(_ => TypedResults.NoContent());
    }
}
