using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Messaging;
using OmniBiz.Grains.Messaging;
using OmniBiz.WebHost.Auth;
using OmniBiz.WebHost.Common;
using OmniBiz.WebHost.Limits;

namespace OmniBiz.WebHost.Messaging;

/// <summary>Conversations, messages, read pointers and attachments. Only members get in; others see 404.</summary>
public static class MessagesApi
{
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var messages = app.MapGroup("/api/messages").WithTags("Messages").RequireAuthorization();
        messages.MapPost("/conversations", CreateAsync).WithName("CreateConversation")
            .WithSummary("Starts a group, or finds-or-starts the one direct conversation with another user.");
        messages.MapGet("/conversations", InboxAsync).WithName("ListConversations")
            .WithSummary("The caller's conversations, newest activity first, with the last message and exact unread count.");
        messages.MapGet("/conversations/{id}", GetAsync).WithName("GetConversation").WithSummary("One conversation (members).");
        messages.MapGet("/conversations/{id}/messages", HistoryAsync).WithName("GetMessages")
            .WithSummary("History: ?afterSeq=N for what came after N (catch-up), ?beforeSeq=N for older pages; default the newest.");
        messages.MapPost("/send", SendAsync).WithName("SendMessage")
            .WithSummary("Stores and delivers a message; the same clientMessageId answers the first message and sends nothing twice.");
        messages.MapPost("/conversations/{id}/read", MarkReadAsync).WithName("MarkRead")
            .WithSummary("Moves the caller's read pointer forward (never back).");
        messages.MapPost("/conversations/{id}/members", AddMembersAsync).WithName("AddMembers").WithSummary("Adds members (group admins).");
        messages.MapDelete("/conversations/{id}/members/{userId}", RemoveMemberAsync).WithName("RemoveMember")
            .WithSummary("Removes a member (group admins) or leaves (yourself).");
        // The body limit follows OmniBiz:Attachments:MaxBytes (plus room for the multipart framing), so raising the
        // setting is enough; the handler then checks the file itself against the same setting.
        var maxBytes = app.ServiceProvider.GetRequiredService<IOptions<AttachmentSettings>>().Value.MaxBytes;
        messages.MapPost("/attachments", UploadAsync).WithName("UploadAttachment").DisableAntiforgery().RequireRateLimiting(RateLimitPolicies.Upload)
            .WithMetadata(new RequestSizeLimitAttribute(maxBytes + (64 * 1024)))
            .WithSummary("Uploads a file (multipart field 'file'); attach it to your own messages by id.");
        messages.MapGet("/attachments/{id}", DownloadAsync).WithName("DownloadAttachment")
            .WithSummary("Downloads a file: members of a conversation whose message references it, and its uploader.");
        return app;
    }

    private static IConversationGrain Conversation(IGrainFactory grains, string id) => grains.GetGrain<IConversationGrain>(id);

    private static async Task EnsureAccessAsync(IGrainFactory grains, string id, HttpContext http)
    {
        if (!await Conversation(grains, id).CanAccessAsync(http.User.UserIdOf(), http.User.IsStaff()))
        {
            throw DomainException.NotFound($"No conversation '{id}' of yours.");
        }
    }

    private static async Task<Results<Created<Conversation>, Ok<Conversation>>> CreateAsync(CreateConversationRequest request, HttpContext http, IGrainFactory grains)
    {
        var me = http.User.UserIdOf();
        if (request.Type == ConversationTypes.Direct)
        {
            var others = (request.MemberIds.IsDefault ? [] : request.MemberIds).Where(m => m != me).Distinct().ToList();
            if (others.Count != 1)
            {
                throw DomainException.Invalid("memberIds", "A direct conversation is between you and exactly one other user.");
            }

            return TypedResults.Ok(await grains.GetGrain<IDirectConversationGrain>(DirectConversationGrain.KeyOf(me, others[0])).GetOrCreateAsync(me, others[0]));
        }

        if (request.Type != ConversationTypes.Group)
        {
            throw DomainException.Invalid("type", "type is direct or group.");
        }

        var id = Guid.NewGuid().ToString("N");
        var conversation = await Conversation(grains, id).CreateAsync(new CreateConversation(ConversationTypes.Group, me, request.MemberIds, request.Title, null));
        return TypedResults.Created($"/api/messages/conversations/{id}", conversation);
    }

    private static async Task<Ok<Page<ConversationSummary>>> InboxAsync(HttpContext http, MessagingQueries queries, CancellationToken cancellationToken, int? limit = null, string? cursor = null) =>
        TypedResults.Ok(await queries.InboxAsync(http.User.UserIdOf(), Paging.Limit(limit), cursor, cancellationToken));

    private static async Task<Ok<Conversation>> GetAsync(string id, HttpContext http, IGrainFactory grains)
    {
        await EnsureAccessAsync(grains, id, http);
        return TypedResults.Ok((await Conversation(grains, id).GetAsync())!);
    }

    private static async Task<Ok<MessagePage>> HistoryAsync(string id, HttpContext http, IGrainFactory grains, MessageStore store, long? beforeSeq = null, long? afterSeq = null, int? limit = null)
    {
        if (beforeSeq is not null && afterSeq is not null)
        {
            throw DomainException.Invalid("afterSeq", "Give beforeSeq or afterSeq, not both.");
        }

        await EnsureAccessAsync(grains, id, http);
        var take = Paging.Limit(limit);
        var page = await store.PageAsync(id, beforeSeq, afterSeq, take);
        return TypedResults.Ok(new MessagePage(id, page, page.Count == take));
    }

    private static async Task<Created<Message>> SendAsync(SendMessageRequest request, HttpContext http, IGrainFactory grains, MessageSendLimiter limiter)
    {
        limiter.Acquire(http.User.UserIdOf());
        if (string.IsNullOrWhiteSpace(request.ConversationId))
        {
            throw DomainException.Invalid("conversationId", "Name the conversation.");
        }

        var message = await Conversation(grains, request.ConversationId).SendAsync(
            new SendMessage(http.User.UserIdOf(), request.Text, request.ClientMessageId, request.AttachmentIds ?? []), http.User.IsStaff());
        return TypedResults.Created($"/api/messages/conversations/{message.ConversationId}/messages?afterSeq={message.Seq - 1}&limit=1", message);
    }

    private static async Task<Ok<ReadPointer>> MarkReadAsync(string id, MarkReadRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(new ReadPointer(id, await Conversation(grains, id).MarkReadAsync(http.User.UserIdOf(), request.Seq)));

    private static async Task<Ok<Conversation>> AddMembersAsync(string id, ChangeMembersRequest request, HttpContext http, IGrainFactory grains)
    {
        await EnsureAccessAsync(grains, id, http);
        return TypedResults.Ok(await Conversation(grains, id).AddMembersAsync(http.User.UserIdOf(), http.User.IsStaff(), request.UserIds));
    }

    private static async Task<Ok<Conversation>> RemoveMemberAsync(string id, string userId, HttpContext http, IGrainFactory grains)
    {
        await EnsureAccessAsync(grains, id, http);
        return TypedResults.Ok(await Conversation(grains, id).RemoveMemberAsync(http.User.UserIdOf(), userId));
    }

    private static async Task<Created<AttachmentInfo>> UploadAsync(IFormFile? file, HttpContext http, MessagingQueries queries, IOptions<AttachmentSettings> settings, IOptions<RateLimitSettings> limits, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            throw DomainException.Invalid("file", "Send the file as the multipart field 'file'.");
        }

        if (file.Length > settings.Value.MaxBytes)
        {
            throw new BadHttpRequestException($"Files may be at most {settings.Value.MaxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        var contentType = file.ContentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        if (!settings.Value.ContentTypes.Contains(contentType))
        {
            throw DomainException.Invalid("file", $"Files of type '{contentType}' are not accepted. Accepted: {string.Join(", ", settings.Value.ContentTypes)}.");
        }

        var fileName = Path.GetFileName(file.FileName ?? "file");
        if (InputRules.HasControlCharacter(fileName, freeText: false))
        {
            throw DomainException.Invalid("file", "The file name may not contain control characters.");
        }

        fileName = fileName.Length is 0 or > MaxFileNameLength ? "file" : fileName;
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var saved = await queries.SaveAttachmentAsync(http.User.UserIdOf(), fileName, contentType, buffer.ToArray(), limits.Value.UploadBytesPerDay, cancellationToken);
        return TypedResults.Created($"/api/messages/attachments/{saved.Id}", saved);
    }

    private static async Task<FileContentHttpResult> DownloadAsync(string id, HttpContext http, MessagingQueries queries, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var found = await queries.AttachmentAsync(id, cancellationToken) ?? throw DomainException.NotFound($"No attachment '{id}'.");
        var me = http.User.UserIdOf();
        var allowed = found.UploaderId == me;
        foreach (var conversationId in found.ConversationIds)
        {
            allowed = allowed || await Conversation(grains, conversationId).CanAccessAsync(me, http.User.IsStaff());
        }

        if (!allowed)
        {
            throw DomainException.NotFound($"No attachment '{id}' you may see.");
        }

        return TypedResults.File(found.Data, found.Info.ContentType, found.Info.FileName);
    }

    /// <summary>Longer file names are replaced by "file".</summary>
    public const int MaxFileNameLength = 255;

    public sealed record MessagePage(string ConversationId, IReadOnlyList<Message> Items, bool More);

    public sealed record ReadPointer(string ConversationId, long LastReadSeq);
}
