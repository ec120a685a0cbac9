using Rehab.BuildingBlocks.Messaging;
using Rehab.Contracts;
using Rehab.Reporting.Inputs;

namespace Rehab.Reporting;

/// <summary>
/// Every subscribed contract event whose fold gives reporting input rows is kept durably (idempotent by CloudEvent id); every
/// replica's <see cref="ReportInputStore"/> folds it from there. Events the fold ignores are acknowledged without being stored.
/// </summary>
public sealed class ReportInputsHandler(ReportInputStore store, ILogger<ReportInputsHandler> logger) : IEventHandler
{
    public async Task<HandlerOutcome> HandleAsync(CloudEvent e, CancellationToken ct)
    {
        if (ContractCatalog.Events.Find(e.Type) is null) return HandlerOutcome.Success;
        ContractEvent contractEvent;
        IReadOnlyList<Domain.ReportInput> rows;
        try
        {
            contractEvent = new ContractEvent(e.Id, e.Type, e.Unpack(ContractCatalog.Events), e.Time);
            rows = ReportingFold.Fold(contractEvent);
        }
        catch (Exception ex) when (ex is Google.Protobuf.InvalidJsonException or Google.Protobuf.InvalidProtocolBufferException)
        {
            logger.LogWarning("{Type} {EventId} is not a readable contract message ({Error}); dropped", e.Type, e.Id, ex.GetType().Name);
            return HandlerOutcome.Drop;
        }
        catch (Rehab.BuildingBlocks.Domain.ValidationFailedException invalid)
        {
            logger.LogWarning("{Type} {EventId} lacks what the contract requires ({Fields}); dropped", e.Type, e.Id,
                string.Join(", ", invalid.Violations.Select(v => v.Field)));
            return HandlerOutcome.Drop;
        }

        if (rows.Count > 0) await store.AppendAsync(contractEvent);
        return HandlerOutcome.Success;
    }
}
