using Mcr.Web.Hosting;
using Mcr.Web.Registry;
using Mcr.Web.Session;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mcr.Web.Pages;

/// <summary>
/// Every failure's page: an exception that reached the handler (a gRPC status, an oversized form) or a bare
/// status (404 route, 403 admin page, 400 CSRF). Never a stack trace; the request id ties it to the log.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(RegistryConnection connection, ILogger<ErrorModel> logger) : PageModel
{
    public RegistryFailure Failure { get; private set; } = RegistryFailure.Of(500);

    public string RequestId => HttpContext.TraceIdentifier;

    /// <summary>The page that failed, to try again.</summary>
    public string RetryPath { get; private set; } = "/";

    // No parameters: binding one would read the failed request's body again (it may be the oversized form that failed).
    public Task<IActionResult> OnGetAsync() => HandleAsync(Code());

    public Task<IActionResult> OnPostAsync() => HandleAsync(Code());

    private int? Code() =>
        RouteData.Values.TryGetValue("code", out var value) && int.TryParse(value as string, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null;

    private async Task<IActionResult> HandleAsync(int? code)
    {
        var exception = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        var originalPath = exception?.Path ?? reExecuted?.OriginalPath ?? "/";
        RetryPath = originalPath + (reExecuted?.OriginalQueryString ?? "");
        if (exception?.Error is { } error)
        {
            Failure = RegistryFailure.From(error, connection);
            if (Failure.Status >= 500 && error is not Grpc.Core.RpcException)
            {
                Log.Failed(logger, error, Request.Method, originalPath, Failure.Status);
            }
            else
            {
                Log.Answered(logger, Request.Method, originalPath, Failure.Status, Failure.Title, Failure.Message);
            }
        }
        else if (code is { } status and >= 400 and <= 599)
        {
            Failure = RegistryFailure.Of(status, csrf: HttpContext.Items.ContainsKey(CsrfFailureFilter.ItemKey));
        }
        else if (reExecuted is null)
        {
            // Asked for directly: there is nothing to show.
            Failure = RegistryFailure.Of(404);
        }

        if (Failure.SignIn)
        {
            await HttpContext.SignOutAsync(SessionUser.Scheme);
            var login = $"/login?reason=expired&returnUrl={Uri.EscapeDataString(HttpMethods.IsGet(Request.Method) ? RetryPath : "/")}";
            if (Htmx.IsHtmx(Request))
            {
                Response.Headers["HX-Redirect"] = login;
                return new EmptyResult();
            }
            return Redirect(login);
        }

        Response.StatusCode = Failure.Status;
        if (Htmx.IsHtmx(Request))
        {
            // Whatever part of the page asked, the failure replaces the page's content.
            Response.Headers["HX-Retarget"] = "#main";
            Response.Headers["HX-Reswap"] = "innerHTML";
            return Partial("_ErrorBody", this);
        }
        return Page();
    }
}
