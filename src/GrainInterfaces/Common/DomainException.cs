namespace OmniBiz.GrainInterfaces.Common;

/// <summary>
/// A refusal by the grain that owns an entity: the request was understood but cannot be carried out.
/// The web host turns <see cref="Kind"/> into an HTTP status or a hub error; the message is meant for people.
/// </summary>
[GenerateSerializer, Alias("omnibiz.DomainException")]
public sealed class DomainException : Exception
{
    /// <summary>Creates an empty refusal (used by the serializer).</summary>
    public DomainException()
    {
    }

    /// <summary>Creates a refusal of the given kind.</summary>
    public DomainException(DomainErrorKind kind, string message, string? field = null)
        : base(message)
    {
        Kind = kind;
        Field = field;
    }

    /// <summary>Creates a refusal with an inner cause (kept for the standard exception shape).</summary>
    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates a refusal with a message only; treated as a conflict.</summary>
    public DomainException(string message)
        : base(message)
    {
        Kind = DomainErrorKind.Conflict;
    }

    /// <summary>What kind of refusal this is.</summary>
    [Id(0)]
    public DomainErrorKind Kind { get; init; }

    /// <summary>The request field at fault, for invalid input.</summary>
    [Id(1)]
    public string? Field { get; init; }

    /// <summary>An invalid value in the named field.</summary>
    public static DomainException Invalid(string field, string message) => new(DomainErrorKind.Invalid, message, field);

    /// <summary>The entity does not exist.</summary>
    public static DomainException NotFound(string message) => new(DomainErrorKind.NotFound, message);

    /// <summary>The entity's state does not allow the change.</summary>
    public static DomainException Conflict(string message) => new(DomainErrorKind.Conflict, message);

    /// <summary>The caller may not do this.</summary>
    public static DomainException Forbidden(string message) => new(DomainErrorKind.Forbidden, message);
}
