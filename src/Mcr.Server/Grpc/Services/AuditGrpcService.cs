using Grpc.Core;
using Mcr.Infrastructure.Admin;
using Mcr.Infrastructure.Audit;
using Mcr.Protocol.V1;

namespace Mcr.Server.Grpc.Services;

/// <summary>AuditService: the filters of <c>GET /v1/audit</c>, validated by <see cref="AuditAdminService"/>.</summary>
internal sealed class AuditGrpcService(AuditAdminService service) : AuditService.AuditServiceBase
{
    public override async Task<ListAuditEventsResponse> ListAuditEvents(ListAuditEventsRequest request, ServerCallContext context)
    {
        var (n, offset) = GrpcCall.Paging(request.Page, AuditQuery.DefaultPageSize);
        var query = new AuditQuery
        {
            EventType = NullIfEmpty(request.EventType),
            ActorId = NullIfEmpty(request.ActorId),
            Repository = NullIfEmpty(request.Repository),
            Since = GrpcCall.Time(request.Since, "since"),
            Until = GrpcCall.Time(request.Until, "until"),
            N = n,
            Offset = offset,
        };
        var page = (await service.ListAsync(query, context.CancellationToken)).Unwrap();
        return new ListAuditEventsResponse { Events = { page.Items.Select(ToMessage) }, Page = GrpcCall.PageInfo(page.Total, n, offset) };
    }

    private static Protocol.V1.AuditEvent ToMessage(AuditEntry entry)
    {
        var message = new Protocol.V1.AuditEvent
        {
            Id = entry.Id,
            Time = GrpcCall.Time(entry.Event.Time),
            EventType = entry.Event.EventType,
            ActorId = entry.Event.ActorId ?? "",
            Repository = entry.Event.Repository ?? "",
            Digest = entry.Event.Digest ?? "",
            ClientIp = entry.Event.ClientIp ?? "",
        };
        message.Details.AddAll(entry.Event.Details);
        return message;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
