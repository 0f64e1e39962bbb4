using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Messaging;

/// <summary>A conversation and who is in it.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.Conversation")]
public sealed record Conversation(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string? Title,
    [property: Id(3)] ImmutableArray<string> Members,
    [property: Id(4)] ImmutableArray<string> Admins,
    [property: Id(5)] long LastSeq,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] string? TicketId);
