namespace Mcr.Infrastructure.Admin;

/// <summary>Offset paging of the admin listings: <c>n</c> 1..<see cref="MaxPageSize"/>, <c>offset</c> ≥ 0.</summary>
public static class AdminPaging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>The problem with these values, or null when they are valid.</summary>
    public static AdminError? Validate(int n, int offset)
    {
        if (n is < 1 or > MaxPageSize)
        {
            return AdminError.Invalid($"n must be between 1 and {MaxPageSize}");
        }
        return offset < 0 ? AdminError.Invalid("offset must not be negative") : null;
    }
}
