using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Rehab.BuildingBlocks.Persistence;
using Rehab.BuildingBlocks.Rpc;
using Rehab.ReferenceData.Domain;

namespace Rehab.ReferenceData;

/// <summary>
/// How one kind of reference record meets the contracts: its resource message and its *Recorded event. Every
/// resource message has the fields <c>etag</c>, <c>create_time</c> and <c>update_time</c>, filled from the store.
/// </summary>
public sealed class RecordKind<T>(Func<T, IMessage> toContract, Func<IMessage, bool, Google.Type.Date, IMessage> toEvent)
    where T : class, IReferenceRecord<T>
{
    /// <summary>The record's content as its resource message, without etag and times.</summary>
    public IMessage ToContract(T record) => toContract(record);

    /// <summary>Same content by the contract's value equality (the domain records hold lists).</summary>
    public bool SameContent(T a, T b) => toContract(a).Equals(toContract(b));

    public TMessage ToReply<TMessage>(Stored<T> stored) where TMessage : IMessage
    {
        var message = toContract(stored.State);
        var fields = message.Descriptor;
        fields.FindFieldByName("etag").Accessor.SetValue(message, stored.Etag);
        fields.FindFieldByName("create_time").Accessor.SetValue(message, Timestamp.FromDateTimeOffset(stored.CreatedAt));
        fields.FindFieldByName("update_time").Accessor.SetValue(message, Timestamp.FromDateTimeOffset(stored.UpdatedAt));
        return (TMessage)message;
    }

    public IMessage ToEvent(ReferenceRecordSaved<T> saved) =>
        toEvent(toContract(saved.Record), saved.Created, saved.EffectiveDate.ToProto());
}

/// <summary>ReferenceRecordSaved → the kind's *Recorded contract event. Reference data concerns no person.</summary>
public sealed class RecordedEventMapper<T>(RecordKind<T> kind) : IEventMapper<T> where T : class, IReferenceRecord<T>
{
    public ContractEvent Map(BuildingBlocks.Domain.IDomainEvent domainEvent, string aggregateId, T stateAfter) => domainEvent switch
    {
        ReferenceRecordSaved<T> saved => new ContractEvent(kind.ToEvent(saved), PersonId: null),
        _ => throw new ArgumentOutOfRangeException(nameof(domainEvent), domainEvent.GetType().Name, "no contract event"),
    };
}
