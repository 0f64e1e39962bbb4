namespace OmniBiz.GrainInterfaces.Common;

/// <summary>The kinds of refusal a grain can answer with.</summary>
[GenerateSerializer, Alias("omnibiz.DomainErrorKind")]
public enum DomainErrorKind
{
    /// <summary>The input is invalid (HTTP 400).</summary>
    Invalid = 0,

    /// <summary>The entity does not exist (HTTP 404).</summary>
    NotFound = 1,

    /// <summary>The entity's state does not allow the change (HTTP 409).</summary>
    Conflict = 2,

    /// <summary>The caller may not do this (HTTP 403).</summary>
    Forbidden = 3,

    /// <summary>The entity cannot take the change right now; nothing was changed and a retry will work (HTTP 503).</summary>
    Unavailable = 4,
}
