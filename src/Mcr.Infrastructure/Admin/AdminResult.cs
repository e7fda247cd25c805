using System.Diagnostics.CodeAnalysis;

namespace Mcr.Infrastructure.Admin;

/// <summary>How an admin operation ended. Transports map these to HTTP statuses or gRPC codes, one table each.</summary>
public enum AdminStatus
{
    Ok,

    /// <summary>The input is wrong (400 / InvalidArgument).</summary>
    Invalid,

    /// <summary>The policy forbids it (403 / PermissionDenied).</summary>
    Forbidden,

    /// <summary>The thing does not exist (404 / NotFound).</summary>
    NotFound,

    /// <summary>What it would create exists already (409 / AlreadyExists).</summary>
    AlreadyExists,

    /// <summary>It clashes with something running or with the server's state (409 / FailedPrecondition).</summary>
    Conflict,

    /// <summary>The operation was valid but could not be done (500 / Internal); the message says why.</summary>
    Failed,
}

/// <summary>Why an admin operation did nothing; converts implicitly to any <see cref="AdminResult{T}"/>.</summary>
public sealed record AdminError(AdminStatus Status, string Message)
{
    public static AdminError Invalid(string message) => new(AdminStatus.Invalid, message);

    public static AdminError Forbidden(string message) => new(AdminStatus.Forbidden, message);

    public static AdminError NotFound(string message) => new(AdminStatus.NotFound, message);

    public static AdminError AlreadyExists(string message) => new(AdminStatus.AlreadyExists, message);

    public static AdminError Conflict(string message) => new(AdminStatus.Conflict, message);

    public static AdminError Failed(string message) => new(AdminStatus.Failed, message);
}

/// <summary>
/// The outcome of an admin operation as a value: the result, or an <see cref="AdminError"/> whose message is
/// safe to show the caller. Expected failures (bad input, unknown id, denied) never throw.
/// </summary>
public sealed class AdminResult<T>
    where T : class
{
    internal AdminResult(T? value, AdminError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public AdminError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Error is null;

    public AdminStatus Status => Error?.Status ?? AdminStatus.Ok;

    public static implicit operator AdminResult<T>(AdminError error) =>
        new(null, error ?? throw new ArgumentNullException(nameof(error)));
}

/// <summary>Builds successful <see cref="AdminResult{T}"/>s (failures convert from <see cref="AdminError"/>).</summary>
public static class AdminResult
{
    public static AdminResult<T> Ok<T>(T value)
        where T : class =>
        new(value ?? throw new ArgumentNullException(nameof(value)), null);
}
