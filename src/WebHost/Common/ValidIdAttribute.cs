using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;

namespace OmniBiz.WebHost.Common;

/// <summary>
/// Marks a request field (or a list field, each of whose entries) names an entity: when present it must be a
/// non-blank id of at most <see cref="InputRules.MaxIdLength"/> characters with no control characters or padding,
/// and a list may hold at most <see cref="MaxCount"/> entries. Combine with <see cref="RequiredAttribute"/> where
/// the field must be given.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class ValidIdAttribute : ValidationAttribute
{
    /// <summary>The most entries a list of ids may hold.</summary>
    public int MaxCount { get; set; } = 100;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        var name = validationContext.DisplayName;
        var problem = value switch
        {
            null or ImmutableArray<string> { IsDefault: true } => null,
            string id => InputRules.IdProblem(id),
            IReadOnlyCollection<string?> ids when ids.Count > MaxCount => $"may hold at most {MaxCount} entries.",
            IEnumerable<string?> ids => ids.Select(InputRules.IdProblem).FirstOrDefault(p => p is not null) is { } entry ? $"entries {entry}" : null,
            _ => "must be text.",
        };
        return problem is null ? ValidationResult.Success : new ValidationResult($"{name} {problem}", [validationContext.MemberName ?? name]);
    }
}
