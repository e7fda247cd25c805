using Grpc.Core;
using Mcr.Protocol.V1;
using Microsoft.AspNetCore.Mvc;
using GrpcStatus = Grpc.Core.StatusCode;

namespace Mcr.Web.Pages.Policies;

/// <summary>
/// The stored policy rules (<c>PolicyService</c>, admin only): the list, the enable/disable toggle and delete. htmx
/// swaps one row for a toggle and removes it for a delete; without htmx the forms post and the page reloads.
/// </summary>
public sealed class IndexModel : McrPageModel
{
    public const int PageSize = 100;

    public IReadOnlyList<PolicyRule> Rules { get; private set; } = [];

    public Pager Pager { get; private set; } = new(1, PageSize, 0);

    public async Task OnGetAsync(int? page)
    {
        var number = Pager.Clamp(page);
        var response = await Registry.Policy.ListPolicyRulesAsync(new ListPolicyRulesRequest { Page = new PageRequest { N = PageSize, Offset = (number - 1) * PageSize } });
        Rules = [.. response.Rules.OrderBy(r => r.Priority).ThenBy(r => r.Id)];
        Pager = new Pager(number, PageSize, response.Page?.Total ?? Rules.Count);
    }

    public async Task<IActionResult> OnPostToggleAsync(long id, bool enabled)
    {
        var rule = await Registry.Policy.UpdatePolicyRuleAsync(new UpdatePolicyRuleRequest { Id = id, Rule = new PolicyRuleInput { Enabled = enabled } });
        if (IsHtmx)
        {
            return Partial("_PolicyRow", rule);
        }
        Flash($"Rule {rule.Id} {(rule.Enabled ? "enabled" : "disabled")}.");
        return Redirect("/policies");
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id)
    {
        try
        {
            await Registry.Policy.DeletePolicyRuleAsync(new DeletePolicyRuleRequest { Id = id });
        }
        catch (RpcException e) when (e.StatusCode == GrpcStatus.NotFound)
        {
            // Deleted already: the row goes all the same.
        }
        if (IsHtmx)
        {
            return Content("", "text/html");
        }
        Flash($"Rule {id} deleted.");
        return Redirect("/policies");
    }

    public string PageLink(int page) => Query.Url("/policies", ("page", page == 1 ? null : page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
