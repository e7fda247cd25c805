using Mcr.Web.Hosting;
using Mcr.Web.Registry;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mcr.Web.Pages;

/// <summary>
/// The pages' base: the registry client for this request (with the session's token) and the htmx check.
/// A gRPC failure is not caught here: it reaches the error page (Pages/Error), which maps its status.
/// </summary>
public abstract class McrPageModel : PageModel
{
    private RegistryClient? _registry;

    public RegistryClient Registry => _registry ??= HttpContext.RequestServices.GetRequiredService<RegistryClient>();

    public bool IsHtmx => Htmx.IsHtmx(Request);

    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    protected void Flash(string message) => TempData["flash"] = message;

    protected void FlashError(string message) => TempData["flash-error"] = message;
}
