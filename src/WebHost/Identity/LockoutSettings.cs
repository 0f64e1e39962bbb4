namespace OmniBiz.WebHost.Identity;

/// <summary>The <c>OmniBiz:Identity:Lockout</c> settings: how an account answers repeated wrong passwords.</summary>
public sealed class LockoutSettings
{
    public const string Section = "OmniBiz:Identity:Lockout";

    /// <summary>Wrong passwords in a row that lock the account.</summary>
    public int Threshold { get; set; } = 5;

    /// <summary>The first lockout; each further one (without a successful sign-in between) lasts twice as long.</summary>
    public int Seconds { get; set; } = 60;

    /// <summary>The longest a lockout grows to.</summary>
    public int MaxSeconds { get; set; } = 3600;
}
