namespace OmniBiz.Grains.Storage;

/// <summary>
/// Recovery reminders fire once after a short delay and repeat only if the first firing could not finish. Orleans
/// refuses a period below its minimum (<see cref="ReminderOptions.MinimumReminderPeriod"/>, a minute by default), so a
/// delay shorter than that keeps its due time and repeats at the minimum.
/// </summary>
public static class ReminderPeriods
{
    public static TimeSpan For(TimeSpan delay, ReminderOptions options) =>
        delay < options.MinimumReminderPeriod ? options.MinimumReminderPeriod : delay;
}
