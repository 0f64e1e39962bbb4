using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Messaging;

/// <summary>A new conversation; the creator is a member (and, for groups, an admin).</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.CreateConversation")]
public sealed record CreateConversation(
    [property: Id(0)] string Type,
    [property: Id(1)] string CreatorId,
    [property: Id(2)] ImmutableArray<string> MemberIds,
    [property: Id(3)] string? Title,
    [property: Id(4)] string? TicketId);
