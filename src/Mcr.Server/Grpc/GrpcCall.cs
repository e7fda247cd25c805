using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mcr.Infrastructure.Admin;
using Mcr.Protocol.V1;
using Mcr.Server.Auth;

namespace Mcr.Server.Grpc;

/// <summary>What the services read off a call and the small conversions every message needs.</summary>
internal static class GrpcCall
{
    /// <summary>The caller the authentication interceptor set, with the peer's address for audit records.</summary>
    public static AdminCaller Caller(this ServerCallContext context)
    {
        var http = context.GetHttpContext();
        return new AdminCaller(http.GetPrincipal(), http.ClientIp());
    }

    /// <summary><c>n</c> and <c>offset</c> of a page request; <c>n</c> 0 (unset) is the listing's default.</summary>
    public static (int N, int Offset) Paging(PageRequest? page, int defaultSize = AdminPaging.DefaultPageSize) =>
        (page is null || page.N == 0 ? defaultSize : page.N, page?.Offset ?? 0);

    public static PageInfo PageInfo(long total, int n, int offset) => new() { Total = total, N = n, Offset = offset };

    /// <summary>Copies <paramref name="values"/> (may be null) into a message's map field.</summary>
    public static void AddAll(this Google.Protobuf.Collections.MapField<string, string> map, IEnumerable<KeyValuePair<string, string>>? values)
    {
        foreach (var (key, value) in values ?? [])
        {
            map[key] = value;
        }
    }

    public static Timestamp Time(DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);

    public static Timestamp? Time(DateTimeOffset? time) => time is { } value ? Timestamp.FromDateTimeOffset(value) : null;

    /// <summary>A timestamp from a request: null when unset; an out-of-range value is the caller's mistake.</summary>
    public static DateTimeOffset? Time(Timestamp? time, string field)
    {
        if (time is null)
        {
            return null;
        }
        try
        {
            return time.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            throw GrpcErrors.Invalid($"{field} is not a valid timestamp");
        }
    }
}
