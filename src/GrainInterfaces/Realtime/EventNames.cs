namespace OmniBiz.GrainInterfaces.Realtime;

/// <summary>Server-to-client event names, fixed by CONTRACT.md.</summary>
public static class EventNames
{
    /// <summary>The user's cart changed; payload is the cart.</summary>
    public const string CartUpdated = "cart_updated";

    /// <summary>A product or its stock changed; payload is the product (to staff dashboards).</summary>
    public const string ProductUpdated = "product_updated";

    /// <summary>The customer's order was placed; payload is the order.</summary>
    public const string OrderCreated = "order_created";

    /// <summary>A new order for staff: <c>{orderId, orderNumber, customerId, total}</c>.</summary>
    public const string NewOrder = "new_order";

    /// <summary>An order moved: <c>{orderId, orderNumber, status}</c>.</summary>
    public const string OrderStatusUpdated = "order_status_updated";

    /// <summary>A business location was added; payload is the location (to map viewers).</summary>
    public const string LocationAdded = "location_added";

    /// <summary>A business location changed; payload is the location.</summary>
    public const string LocationUpdated = "location_updated";

    /// <summary>A business location was removed: <c>{id}</c>.</summary>
    public const string LocationDeleted = "location_deleted";

    /// <summary>Latest positions of the vehicles that moved since the last batch (coalesced).</summary>
    public const string VehiclesMoved = "vehicles_moved";

    /// <summary>A delivery left: <c>{deliveryId, orderId, vehicleId, status, etaSeconds}</c>.</summary>
    public const string DeliveryStarted = "delivery_started";

    /// <summary>A delivery's ETA or status changed.</summary>
    public const string DeliveryUpdated = "delivery_updated";

    /// <summary>
    /// Node-internal, never sent to clients: every local connection in the event's topic (a user topic) also joins the
    /// topic named in the payload <c>{topic}</c>.
    /// </summary>
    public const string FollowTopic = "omnibiz.follow";

    /// <summary>Node-internal: the reverse of <see cref="FollowTopic"/>.</summary>
    public const string UnfollowTopic = "omnibiz.unfollow";

    /// <summary>
    /// Node-internal: the user of the event's topic (a user topic) was signed out everywhere (security stamp changed):
    /// every local connection in that topic is closed.
    /// </summary>
    public const string SignOut = "omnibiz.signout";

    /// <summary>
    /// Node-internal: the topic's activation is going away (its silo is stopping): the node registers with the next
    /// activation at once, which makes it send <see cref="Resync"/> to its connections in the topic.
    /// </summary>
    public const string TopicMoving = "omnibiz.moving";

    /// <summary>A new message, to every member's connections.</summary>
    public const string MessageReceived = "message_received";

    /// <summary>A member is typing: <c>{conversationId, userId}</c> (ephemeral).</summary>
    public const string UserTyping = "user_typing";

    /// <summary>A member stopped typing, or their typing expired.</summary>
    public const string UserStoppedTyping = "user_stopped_typing";

    /// <summary>A member's read pointer moved: <c>{conversationId, userId, seq}</c>.</summary>
    public const string MessageRead = "message_read";

    /// <summary>A member's view of a conversation changed (unread count): to that member only.</summary>
    public const string ConversationUpdated = "conversation_updated";

    /// <summary>A customer opened their ticket's chat: <c>{ticketId, customerId}</c> (to staff).</summary>
    public const string ClientJoinedSupport = "client_joined_support";

    /// <summary>A ticket changed; payload is the ticket (to its customer and staff).</summary>
    public const string TicketUpdated = "ticket_updated";

    /// <summary>A payment was recorded or declined: <c>{orderId, amount, status}</c>, or for a purchase order <c>{purchaseOrderId, amount, status}</c>.</summary>
    public const string PaymentProcessed = "payment_processed";

    /// <summary>A session went live: <c>{sessionId}</c> (to its participants and invitees online).</summary>
    public const string SessionStarted = "session_started";

    /// <summary>A session ended or was cancelled: <c>{sessionId, status}</c>.</summary>
    public const string SessionEnded = "session_ended";

    /// <summary>A session was rescheduled; payload is the session (to its participants and invitees online).</summary>
    public const string SessionUpdated = "session_updated";

    /// <summary>A registered user was invited: <c>{sessionId, invitationId, title, scheduledAt}</c>.</summary>
    public const string SessionInvited = "session_invited";

    /// <summary>A seat was taken: <c>{sessionId, participantId, userId, displayName, role, version, participantCount}</c>.</summary>
    public const string ParticipantJoined = "participant_joined";

    /// <summary>A seat was freed (left, or the departure grace ran out); same payload as joined.</summary>
    public const string ParticipantLeft = "participant_left";

    /// <summary>A WebRTC signal for one participant: <c>{sessionId, fromParticipantId, signal}</c>.</summary>
    public const string Signal = "signal";

    /// <summary>A purchase order changed; payload is the purchase order (to purchasing members).</summary>
    public const string PurchaseOrderUpdated = "purchase_order_updated";

    /// <summary>A purchase order's inbound shipment moved: <c>{purchaseOrderId, number, status, carrier, trackingNumber, expectedAt}</c>.</summary>
    public const string DeliveryStatusUpdated = "delivery_status_updated";

    /// <summary>An entry of the purchasing activity feed, as <c>GET /api/purchasing/activity</c> lists it.</summary>
    public const string PurchasingActivity = "purchasing_activity";

    /// <summary>A product's stock fell below its reorder point: <c>{productId, stock, reorderPoint}</c>.</summary>
    public const string ReorderSuggested = "reorder_suggested";

    /// <summary>
    /// Sent by a node to its connections in a topic whose grain came back as a new activation (its silo died): events
    /// published while nobody was registered with the new activation are gone, so the client refetches what the topic
    /// shows (<c>{topic}</c>) instead of silently showing stale state.
    /// </summary>
    public const string Resync = "resync";
}
