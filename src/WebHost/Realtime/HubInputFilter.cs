using System.Reflection;
using Microsoft.AspNetCore.SignalR;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Realtime;

/// <summary>
/// Applies <see cref="InputRules"/> to every hub call before the method runs: parameters named <c>…Id</c> (and lists
/// of them) must be ids, other text must be free of control characters and at most
/// <see cref="InputRules.MaxTextLength"/> characters. A refusal is a <see cref="HubException"/> naming the argument.
/// </summary>
public sealed class HubInputFilter : IHubFilter
{
    private const int MaxListLength = 100;

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var parameters = invocationContext.HubMethod.GetParameters();
        for (var i = 0; i < parameters.Length && i < invocationContext.HubMethodArguments.Count; i++)
        {
            if (Problem(parameters[i], invocationContext.HubMethodArguments[i]) is { } problem)
            {
                throw new HubException($"{parameters[i].Name} {problem}");
            }
        }

        return next(invocationContext);
    }

    private static string? Problem(ParameterInfo parameter, object? value)
    {
        var isId = parameter.Name!.EndsWith("Id", StringComparison.Ordinal) || parameter.Name.EndsWith("Ids", StringComparison.Ordinal);
        return value switch
        {
            string text when isId => InputRules.IdProblem(text),
            null when isId && parameter.ParameterType == typeof(string) => InputRules.IdProblem(null),
            string text when text.Length > InputRules.MaxTextLength => $"may be at most {InputRules.MaxTextLength} characters.",
            string text when InputRules.HasControlCharacter(text, freeText: true) => "may not contain control characters such as NUL.",
            string?[] list when list.Length > MaxListLength => $"may hold at most {MaxListLength} entries.",
            string?[] list => list.Select(InputRules.IdProblem).FirstOrDefault(p => p is not null) is { } problem ? $"entries {problem}" : null,
            _ => null,
        };
    }
}
