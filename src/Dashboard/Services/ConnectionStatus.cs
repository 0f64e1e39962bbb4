namespace OmniBiz.Dashboard.Services;

/// <summary>What the status indicator shows.</summary>
public enum ConnectionStatus
{
    Offline,
    Connecting,
    Connected,
    Reconnecting,
}
