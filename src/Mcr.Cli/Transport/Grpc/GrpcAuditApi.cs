using Mcr.Cli.Client;
using V1 = Mcr.Protocol.V1;

namespace Mcr.Cli.Transport.Grpc;

internal sealed class GrpcAuditApi(GrpcConnection grpc) : IAuditApi
{
    private readonly V1.AuditService.AuditServiceClient _client = new(grpc.Channel);

    public async Task<AuditEventList> ListAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        var request = new V1.ListAuditEventsRequest
        {
            EventType = filter.EventType ?? "",
            ActorId = filter.ActorId ?? "",
            Repository = filter.Repository ?? "",
            Since = ProtoMapping.ToTimestamp(filter.Since),
            Until = ProtoMapping.ToTimestamp(filter.Until),
            Page = ProtoMapping.Page(filter.N, filter.Offset),
        };
        var page = await grpc.CallAsync(o => _client.ListAuditEventsAsync(request, o), cancellationToken);
        return new AuditEventList(
            [.. page.Events.Select(ProtoMapping.Event)], page.Page?.Total ?? 0, page.Page?.N ?? filter.N, page.Page?.Offset ?? filter.Offset);
    }
}
