namespace Mcr.Infrastructure.Registry;

/// <summary>Outcome of deleting a manifest or a tag.</summary>
public enum DeleteResult
{
    Deleted,
    NotFound,
}
