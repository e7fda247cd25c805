using Grpc.Core;
using Mcr.Core.Names;
using Mcr.Protocol.V1;
using Mcr.Web.Cli;
using Mcr.Web.Registry;
using Microsoft.AspNetCore.Mvc;
using GrpcStatus = Grpc.Core.StatusCode;

namespace Mcr.Web.Pages.Repositories;

/// <summary>
/// One repository: its summary and manifests (<c>GetRepository</c>), its tags with digest, type, size and platforms
/// (<c>ListTags</c>, paged), pull commands, and deleting several tags at once (<c>DeleteTag</c> each).
/// </summary>
public sealed class RepositoryModel(WebSettings settings) : McrPageModel
{
    public const int PageSize = 100;

    public string Name { get; private set; } = "";

    public Repository Repository { get; private set; } = new();

    public IReadOnlyList<Tag> Tags { get; private set; } = [];

    public Pager Pager { get; private set; } = new(1, PageSize, 0);

    /// <summary>The registry as pull commands name it.</summary>
    public string RegistryHost => settings.RegistryHost;

    public async Task<IActionResult> OnGetAsync(string? name, int? page)
    {
        Name = Validated(name);
        var pageNumber = Pager.Clamp(page);
        var repository = Registry.Registry.GetRepositoryAsync(new GetRepositoryRequest { Name = Name }).ResponseAsync;
        var tags = Registry.Registry.ListTagsAsync(new ListTagsRequest
        {
            Repository = Name,
            Page = new PageRequest { N = PageSize, Offset = (pageNumber - 1) * PageSize },
        }).ResponseAsync;
        Repository = await repository;
        var tagPage = await tags;
        Tags = tagPage.Tags;
        Pager = new Pager(pageNumber, PageSize, tagPage.Page?.Total ?? Tags.Count);
        return Page();
    }

    /// <summary>Deletes the selected tags (their manifests stay, untagged); stops at the first the policy refuses.</summary>
    public async Task<IActionResult> OnPostDeleteTagsAsync(string? name, [FromForm(Name = "tags")] string[]? tags)
    {
        Name = Validated(name);
        var selected = (tags ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (selected.Count == 0)
        {
            FlashError("Select the tags to delete first.");
            return Redirect(Format.RepositoryPath(Name));
        }
        if (selected.FirstOrDefault(t => !TagName.IsValid(t)) is { } bad)
        {
            throw new BadInputException($"\"{bad}\" is not a tag name.");
        }
        var deleted = new List<string>();
        foreach (var tag in selected)
        {
            try
            {
                await Registry.Registry.DeleteTagAsync(new DeleteTagRequest { Repository = Name, Tag = tag });
                deleted.Add(tag);
            }
            catch (RpcException e) when (e.StatusCode == GrpcStatus.NotFound)
            {
                // Gone already (another tab, another user): what was asked for is true.
                deleted.Add(tag);
            }
            catch (RpcException e) when (e.StatusCode is GrpcStatus.PermissionDenied or GrpcStatus.InvalidArgument)
            {
                FlashError($"Tag {tag} was not deleted: {RegistryFailure.FromRpc(e, HttpContext.RequestServices.GetRequiredService<RegistryConnection>()).Message}" +
                    (deleted.Count > 0 ? $" Deleted before it: {string.Join(", ", deleted)}." : ""));
                return Redirect(Format.RepositoryPath(Name));
            }
        }
        Flash(deleted.Count == 1 ? $"Deleted tag {deleted[0]}." : $"Deleted {deleted.Count} tags: {string.Join(", ", deleted)}.");
        return Redirect(Format.RepositoryPath(Name));
    }

    public string PullCommand(string client, string tag) => $"{client} pull {RegistryHost}/{Name}:{tag}";

    public string PageLink(int page) => Query.Url(Format.RepositoryPath(Name), ("page", page == 1 ? null : page.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    internal static string Validated(string? name)
    {
        var trimmed = (name ?? "").Trim('/');
        return RepositoryName.IsValid(trimmed)
            ? trimmed
            : throw new BadInputException($"\"{trimmed}\" is not a repository name (lowercase letters, digits and . _ - separators, segments joined by /).");
    }
}
