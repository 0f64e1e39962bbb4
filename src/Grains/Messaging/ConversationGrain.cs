using System.Collections.Immutable;
using System.Text.Json;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.GrainInterfaces.Messaging;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.Grains.Projections;
using OmniBiz.Grains.Realtime;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Messaging;

/// <summary>
/// One conversation. Each send gets the next seq and is handed at once to the silo's <see cref="MessageWriter"/>
/// (one group commit shared with other sends of this and other conversations); sends interleave, so a busy
/// conversation keeps many in one commit instead of one commit per message. A send is answered once its message is
/// committed and published; messages are published to the conversation's topic (which every member connection is
/// in) in seq order, several per call when they commit together. Only a recent window lives in memory; history is
/// read from PostgreSQL.
/// </summary>
public sealed class ConversationGrain(
    [PersistentState(StorageNames.Conversation, StorageNames.Main)] IPersistentState<ConversationState> state,
    MessageStore store,
    MessageWriter writer,
    Projector projector,
    RealtimePublisher publisher,
    TimeProvider clock) : Grain, IConversationGrain
{
    private const int Window = 500;
    private readonly Dictionary<(string Sender, string ClientId), Message> _recent = [];
    private readonly Queue<(string, string)> _recentOrder = new();
    private readonly Dictionary<(string Sender, string ClientId), Task<Message>> _inFlight = [];
    private readonly SemaphoreSlim _stateGate = new(1, 1);
    private Dictionary<string, long> _readUpTo = new(StringComparer.Ordinal);
    private long _lastSeq;
    private long _assignedSeq;
    private WriteChain _chain = new();
    private Task _turn = Task.CompletedTask;
    private bool _reloading;
    private List<byte[]> _unpublished = [];
    private TaskCompletionSource? _publishedBatch;
    private bool _publishing;
    private Projection? _projection;

    private string ConversationId => this.GetPrimaryKeyString();

    /// <summary>The conversation and member rows that list conversations (members and their read pointers).</summary>
    private Projection Projection => _projection ??= projector.For(this, "conversations", () => store.SaveConversationAsync(ToConversation(), _readUpTo));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.RecordExists)
        {
            return;
        }

        var (lastSeq, recent) = await store.LoadTailAsync(ConversationId, Window);
        (_lastSeq, _assignedSeq) = (lastSeq, lastSeq);
        recent.ForEach(Remember);
        _readUpTo = await store.ReadPointersAsync(ConversationId);
        await Projection.ProjectAsync();
    }

    public async Task<Conversation> CreateAsync(CreateConversation command)
    {
        if (state.RecordExists)
        {
            return state.State.Type == command.Type && state.State.Members.Contains(command.CreatorId)
                ? ToConversation()
                : throw DomainException.Conflict("A conversation already exists under this id.");
        }

        var members = (command.MemberIds.IsDefault ? [] : command.MemberIds)
            .Where(m => !string.IsNullOrWhiteSpace(m)).Append(command.CreatorId).Distinct(StringComparer.Ordinal).ToList();
        switch (command.Type)
        {
            case ConversationTypes.Direct when members.Count != 2:
                throw DomainException.Invalid("memberIds", "A direct conversation is between you and exactly one other user.");
            case ConversationTypes.Group when members.Count > 500:
                throw DomainException.Invalid("memberIds", "A group holds at most 500 members.");
            case ConversationTypes.Direct or ConversationTypes.Group or ConversationTypes.Support:
                break;
            default:
                throw DomainException.Invalid("type", "type is direct or group.");
        }

        var title = string.IsNullOrWhiteSpace(command.Title) ? null : command.Title.Trim();
        if (title?.Length > 200)
        {
            throw DomainException.Invalid("title", "Title must be at most 200 characters.");
        }

        await EnsureUsersExistAsync(members);
        await ChangeStateAsync(async () =>
        {
            state.State = new ConversationState
            {
                Type = command.Type,
                Title = title,
                Members = members,
                Admins = command.Type == ConversationTypes.Group ? [command.CreatorId] : [],
                CreatedAt = clock.GetUtcNow(),
                TicketId = command.TicketId,
            };
            await state.WriteStateAsync();
        });
        var conversation = ToConversation();
        await Projection.ProjectAsync();
        await FollowAsync(members, EventNames.FollowTopic);
        return conversation;
    }

    public Task<Conversation?> GetAsync() => Task.FromResult(state.RecordExists ? ToConversation() : null);

    public Task<bool> CanAccessAsync(string userId, bool isStaff) => Task.FromResult(CanAccess(userId, isStaff));

    public async Task<Message> SendAsync(SendMessage command, bool senderIsStaff)
    {
        if (_stateGate.CurrentCount == 0)
        {
            // A membership change is being stored: sends are checked against its outcome.
            await _stateGate.WaitAsync();
            _stateGate.Release();
        }

        EnsureAccess(command.SenderId, senderIsStaff);
        var key = (command.SenderId, command.ClientMessageId ?? "");
        if (_recent.TryGetValue(key, out var earlier))
        {
            return earlier;
        }

        if (_inFlight.TryGetValue(key, out var running))
        {
            // A retry racing its first attempt: both answer the one message.
            return await running;
        }

        MessageRules.Validate(command);
        var sending = SendNewAsync(command);
        _inFlight[key] = sending;
        try
        {
            return await sending;
        }
        finally
        {
            _inFlight.Remove(key);
        }
    }

    /// <summary>
    /// Sends run side by side (the method interleaves): each takes the next seq and hands its message to the writer
    /// at once, so many sends of one conversation share a commit. Then, in seq order, each takes its turn: a stored
    /// message becomes the newest and is queued for publishing; a duplicate answers the stored message and restarts
    /// the chain at its seq; any other failure makes the activation reload its tail from the database.
    /// </summary>
    private async Task<Message> SendNewAsync(SendMessage command)
    {
        if (!state.State.Members.Contains(command.SenderId))
        {
            // Staff answering a support chat become participants, so they receive its messages from now on.
            await ChangeStateAsync(() => AddMembersCoreAsync([command.SenderId]));
        }

        var attachments = ImmutableArray<AttachmentInfo>.Empty;
        if (!command.AttachmentIds.IsDefaultOrEmpty)
        {
            var ids = command.AttachmentIds.Distinct(StringComparer.Ordinal).ToList();
            var owned = await store.OwnedAttachmentsAsync(command.SenderId, ids);
            if (owned.Count != ids.Count)
            {
                throw DomainException.Forbidden("You can attach only files you uploaded yourself.");
            }

            attachments = [.. ids.Select(id => owned.Single(a => a.Id == id))];
        }

        if (_reloading)
        {
            throw Reloading();
        }

        // From here to the writer nothing awaits, so seqs are handed out in the order messages reach the writer.
        var message = new Message(Guid.NewGuid().ToString("N"), ConversationId, ++_assignedSeq, command.SenderId,
            command.Text ?? "", attachments, clock.GetUtcNow(), command.ClientMessageId!);
        var chain = _chain;
        var previousTurn = _turn;
        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _turn = turn.Task;
        var write = writer.AppendAsync(message, chain);
        Task published;
        try
        {
            bool appended;
            try
            {
                // Shares its transaction and WAL flush with other sends of this and other conversations on this silo.
                appended = await write;
            }
            finally
            {
                await previousTurn;
            }

            if (!appended)
            {
                // Sent before, longer ago than the in-memory window: nothing of this chain from this seq on was
                // stored, so the next send takes this seq again. Answer the stored message and deliver nothing again.
                if (_chain == chain)
                {
                    _chain = new WriteChain();
                    _assignedSeq = message.Seq - 1;
                }

                var stored = (await store.FindByClientIdAsync(ConversationId, command.SenderId, command.ClientMessageId!))!;
                Remember(stored);
                return stored;
            }

            _lastSeq = message.Seq;
            _readUpTo[message.SenderId] = message.Seq;
            Remember(message);
            published = QueuePublish(message);
        }
        catch (ChainBrokenException)
        {
            // An earlier send was not stored, so neither was this one: its client retries with the same client message id.
            throw Reloading();
        }
        catch (Exception e) when (e is not DomainException)
        {
            // Whether the write landed is unknown: a fresh activation reloads the tail from the database before it
            // assigns another seq, so seqs stay gapless and a resend finds the message if it was stored.
            _reloading = true;
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            turn.SetResult();
        }

        await published;
        return message;
    }

    /// <summary>
    /// Queues a stored message for delivery; one publisher loop hands everything queued meanwhile to the topic in one
    /// call, in seq order. Completes when the message's batch is published.
    /// </summary>
    private Task QueuePublish(Message message)
    {
        _unpublished.Add(JsonSerializer.SerializeToUtf8Bytes(message, RealtimeJson.Options));
        _publishedBatch ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batch = _publishedBatch.Task;
        if (!_publishing)
        {
            _publishing = true;
            _ = PublishLoopAsync();
        }

        return batch;
    }

    private async Task PublishLoopAsync()
    {
        while (_unpublished.Count > 0)
        {
            var payloads = _unpublished;
            var done = _publishedBatch!;
            (_unpublished, _publishedBatch) = ([], null);
            try
            {
                await publisher.PublishManyAsync(Topics.Conversation(ConversationId), EventNames.MessageReceived, payloads);
                done.SetResult();
            }
            catch (Exception e)
            {
                // The messages are stored: members catch up from history (the node tells them to after a gap).
                done.SetException(e);
            }
        }

        _publishing = false;
    }

    private static DomainException Reloading() =>
        new(DomainErrorKind.Unavailable, "The conversation is reloading after a failed write; nothing was stored. Send again with the same client message id.");

    public async Task<long> MarkReadAsync(string userId, long seq)
    {
        EnsureAccess(userId, isStaff: false);
        var current = _readUpTo.GetValueOrDefault(userId);
        var target = Math.Min(seq, _lastSeq);
        if (target <= current)
        {
            return current;
        }

        _readUpTo[userId] = target;
        await store.SaveReadPointerAsync(ConversationId, userId, target);
        await publisher.PublishAsync(Topics.Conversation(ConversationId), EventNames.MessageRead, new ReadReceipt(ConversationId, userId, target));
        await GrainFactory.PublishAsync(Topics.User(userId), EventNames.ConversationUpdated, new UnreadNotice(ConversationId, _lastSeq, target, _lastSeq - target));
        return target;
    }

    public async Task<Conversation> AddMembersAsync(string actorId, bool actorIsStaff, ImmutableArray<string> userIds)
    {
        EnsureExists();
        var adding = (userIds.IsDefault ? [] : userIds).Where(u => !string.IsNullOrWhiteSpace(u)).Distinct(StringComparer.Ordinal).ToList();
        var allowed = state.State.Type switch
        {
            ConversationTypes.Group => state.State.Admins.Contains(actorId),
            ConversationTypes.Support => actorIsStaff && adding.All(u => u == actorId),
            _ => false,
        };
        if (!allowed)
        {
            throw DomainException.Forbidden(state.State.Type == ConversationTypes.Direct
                ? "A direct conversation has exactly two members; start a group instead."
                : "Only the group's admins may add members.");
        }

        await EnsureUsersExistAsync(adding);
        await ChangeStateAsync(() => AddMembersCoreAsync(adding));
        return ToConversation();
    }

    public async Task<Conversation> RemoveMemberAsync(string actorId, string userId)
    {
        EnsureExists();
        if (state.State.Type != ConversationTypes.Group || !(state.State.Admins.Contains(actorId) || actorId == userId))
        {
            throw DomainException.Forbidden("Only a group's admins may remove others; anyone may leave a group.");
        }

        await ChangeStateAsync(async () =>
        {
            if (state.State.Members.Remove(userId))
            {
                state.State.Admins.Remove(userId);
                await state.WriteStateAsync();
                await Projection.ProjectAsync();
                await FollowAsync([userId], EventNames.UnfollowTopic);
            }
        });
        return ToConversation();
    }

    /// <summary>
    /// Runs a change of the stored state alone: sends interleave with everything else, so the one that adds a staff
    /// member and the methods that change members take turns here, and sends wait for a change in progress.
    /// </summary>
    private async Task ChangeStateAsync(Func<Task> change)
    {
        await _stateGate.WaitAsync();
        try
        {
            await change();
        }
        finally
        {
            _stateGate.Release();
        }
    }

    private async Task AddMembersCoreAsync(IReadOnlyCollection<string> userIds)
    {
        var added = userIds.Where(u => !state.State.Members.Contains(u)).ToList();
        if (added.Count == 0)
        {
            return;
        }

        state.State.Members.AddRange(added);
        await state.WriteStateAsync();
        await Projection.ProjectAsync();
        await FollowAsync(added, EventNames.FollowTopic);
    }

    /// <summary>Tells the members' nodes to (un)join their open connections to this conversation's topic.</summary>
    private Task FollowAsync(IEnumerable<string> userIds, string eventName) =>
        GrainFactory.PublishAsync(userIds.Select(Topics.User), eventName, new { topic = Topics.Conversation(ConversationId) });

    private async Task EnsureUsersExistAsync(IEnumerable<string> userIds)
    {
        var lookups = userIds.Select(async id => (Id: id, Exists: await GrainFactory.GetGrain<IUserGrain>(id).GetAsync() is not null));
        var missing = (await Task.WhenAll(lookups)).Where(u => !u.Exists).Select(u => u.Id).ToList();
        if (missing.Count > 0)
        {
            throw DomainException.NotFound($"No user with id {string.Join(", ", missing.Select(m => $"'{m}'"))}.");
        }
    }

    private bool CanAccess(string userId, bool isStaff) =>
        state.RecordExists && (state.State.Members.Contains(userId) || (isStaff && state.State.Type == ConversationTypes.Support));

    private void EnsureAccess(string userId, bool isStaff)
    {
        if (!CanAccess(userId, isStaff))
        {
            // Outsiders learn nothing about whether the conversation exists.
            throw DomainException.NotFound($"No conversation '{ConversationId}' of yours.");
        }
    }

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw DomainException.NotFound($"No conversation '{ConversationId}'.");
        }
    }

    private void Remember(Message message)
    {
        var key = (message.SenderId, message.ClientMessageId);
        if (_recent.TryAdd(key, message))
        {
            _recentOrder.Enqueue(key);
            if (_recentOrder.Count > Window)
            {
                _recent.Remove(_recentOrder.Dequeue());
            }
        }
    }

    private Conversation ToConversation() => new(
        ConversationId, state.State.Type, state.State.Title, [.. state.State.Members], [.. state.State.Admins],
        _lastSeq, state.State.CreatedAt, state.State.TicketId);

    /// <summary><c>message_read</c> payload.</summary>
    public sealed record ReadReceipt(string ConversationId, string UserId, long Seq);

    /// <summary><c>conversation_updated</c> payload, to the reader's own connections.</summary>
    public sealed record UnreadNotice(string ConversationId, long LastSeq, long LastReadSeq, long UnreadCount);
}
