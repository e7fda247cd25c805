using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Mcr.Web.Hosting;

/// <summary>
/// Marks a request whose anti-forgery check failed, so that the 400 page says so (the framework's answer is an
/// empty 400). The handler never ran: nothing was changed.
/// </summary>
internal sealed class CsrfFailureFilter : IAlwaysRunResultFilter
{
    public const string ItemKey = "mcr:csrf-failed";

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
        {
            if (context.HttpContext.Request.ContentLength > WebApp.MaxBodyBytes)
            {
                // The token was never read: the form is over the limit (Kestrel stopped reading it).
                context.Result = new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
                return;
            }
            context.HttpContext.Items[ItemKey] = true;
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
