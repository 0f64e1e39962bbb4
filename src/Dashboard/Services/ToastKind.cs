namespace OmniBiz.Dashboard.Services;

public enum ToastKind
{
    Info,
    Success,
    Error,
}
