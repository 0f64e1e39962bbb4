using System.Collections.Immutable;

namespace OmniBiz.WebHost.Sessions;

/// <summary>One entry of an <c>RTCConfiguration.iceServers</c> list.</summary>
public sealed record IceServer(ImmutableArray<string> Urls, string? Username, string? Credential);
