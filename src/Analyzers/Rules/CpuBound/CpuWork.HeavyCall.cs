using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.CpuBound;

/// <summary>Heavy single calls: the table of known CPU-heavy APIs (key derivation, password hashing, large Range pipelines) and the user's heavy_methods.</summary>
public static partial class CpuWork
{
    /// <summary>Iterations of <c>new Rfc2898DeriveBytes(password, salt)</c> when none are given.</summary>
    private const long Rfc2898DefaultIterations = 1_000;

    /// <summary>A CPU-heavy call found by <see cref="DescribeHeavyCall"/>.</summary>
    /// <param name="Node">The whole expression to move (for a pipeline, its last operator).</param>
    /// <param name="Name">How the API is named in messages, e.g. <c>'Rfc2898DeriveBytes.Pbkdf2'</c>.</param>
    /// <param name="Detail">Why it is heavy, e.g. <c>key derivation, 600,000 iterations</c>.</param>
    /// <param name="IsKeyDerivationObject">A <c>new Rfc2898DeriveBytes(...)</c> whose work happens later, in <c>GetBytes</c>.</param>
    public sealed record HeavyCall(IOperation Node, string Name, string Detail, bool IsKeyDerivationObject = false)
    {
        /// <summary>The message's first argument.</summary>
        public string Description => $"{Name} ({Detail})";
    }

    /// <summary>A known CPU-heavy API with heavy arguments, or a method the user listed in <c>heavy_methods</c>; null otherwise.</summary>
    public static HeavyCall? DescribeHeavyCall(IOperation call, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments, AsyncSymbols symbols, UnblockOptions.TreeOptions options)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return null;
        }

        switch (method.Name)
        {
            case "Pbkdf2" when SymbolEqualityComparer.Default.Equals(type, symbols.Rfc2898DeriveBytes):
                return KeyDerivation(call, "'Rfc2898DeriveBytes.Pbkdf2'", ArgumentValue(arguments, "iterations"), null, options);
            case WellKnownMemberNames.InstanceConstructorName when SymbolEqualityComparer.Default.Equals(type, symbols.Rfc2898DeriveBytes):
                return KeyDerivationObject(call, method, arguments, options);
            case "Pbkdf2" when IsType(type, "Microsoft.AspNetCore.Cryptography.KeyDerivation", "KeyDerivation"):
                return KeyDerivation(call, "'KeyDerivation.Pbkdf2'", ArgumentValue(arguments, "iterationCount"), null, options);
            case "HashPassword" or "VerifyHashedPassword" when IsType(type, "Microsoft.AspNetCore.Identity", "PasswordHasher`1"):
                return new HeavyCall(call, $"'PasswordHasher.{method.Name}'", "password hashing, PBKDF2 with 100,000 iterations by default");
            case "HashPassword" or "Verify" or "EnhancedHashPassword" or "EnhancedVerify" or "ValidateAndReplacePassword" or "HashString"
                when IsType(type, "BCrypt.Net", "BCrypt"):
                return new HeavyCall(call, $"'BCrypt.{method.Name}'", "password hashing, bcrypt");
            case "Range" when SymbolEqualityComparer.Default.Equals(type, symbols.Enumerable):
                return RangePipeline((IInvocationOperation)call, symbols, options);
        }

        if (CallCost(method, arguments, unknownCount: null) is { } cost && cost.Nanoseconds >= BudgetNanoseconds(options))
        {
            return new HeavyCall(call, cost.Name, cost.Detail);
        }

        if (call is IInvocationOperation or IObjectCreationOperation && options.IsListed(Id, HeavyMethodsOption, method))
        {
            return new HeavyCall(call, $"'{type.Name}.{(method.MethodKind == MethodKind.Constructor ? type.Name : method.Name)}'", "listed in heavy_methods");
        }

        return null;
    }

    /// <summary>Nominal nanoseconds of one PBKDF2 iteration (SHA-256: 1.8 µs, SHA-512: 3.8 µs, calibrated).</summary>
    public const double KdfIterationNanoseconds = 2_000;

    /// <summary>The cost of one call of the CPU table.</summary>
    /// <param name="Elements">For a sort: the elements sorted, when the code says how many.</param>
    public sealed record CallCostInfo(CpuCostEntry Entry, string Name, double Nanoseconds, double? Elements)
    {
        /// <summary>Why it is heavy, for a call reported on its own: <c>image decoding, about 20 ms for an image of unknown size</c>.</summary>
        public string Detail => Entry.Shape switch
        {
            CpuCostShape.Image => $"{Entry.Work}, {Duration(Nanoseconds)} for an image of unknown size",
            CpuCostShape.Sort when Elements is { } n => $"sorting {FormatCount(n)} elements, {Duration(Nanoseconds)}",
            _ => $"{Entry.Work}, {Duration(Nanoseconds)} for an input of unknown size",
        };
    }

    /// <summary>
    /// The nominal cost of one call from <see cref="CpuCostTable"/>, or null when the method is not in it. A sort of unknown
    /// length counts <paramref name="unknownCount"/> elements, or nothing when that is null (a call on its own).
    /// </summary>
    public static CallCostInfo? CallCost(IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments, double? unknownCount)
    {
        if (CpuCostTable.Find(method) is not { } entry)
        {
            return null;
        }

        var name = method.MethodKind == MethodKind.Constructor ? $"'{entry.Type}'" : $"'{entry.Type}.{method.Name}'";
        if (entry.Shape != CpuCostShape.Sort)
        {
            return new CallCostInfo(entry, name, entry.Nanoseconds, null);
        }

        var elements = arguments.IsDefaultOrEmpty ? null : KnownLength(arguments[0].Value);
        var n = elements ?? unknownCount;
        if (n is not { } count || count < 2)
        {
            return null;
        }

        return new CallCostInfo(entry, name, Math.Min(entry.Nanoseconds * count * Math.Log(count, 2), double.MaxValue), elements);
    }

    private static HeavyCall? KeyDerivation(IOperation call, string name, IOperation? iterations, long? defaultIterations, UnblockOptions.TreeOptions options)
    {
        var count = iterations is null ? defaultIterations : (long?)(Constant(iterations) is { } c && c <= long.MaxValue ? (long)c : null);
        if (count is null)
        {
            // Not a constant: key derivation is slow by design, the iteration count is chosen to make it so.
            return iterations is null ? null : new HeavyCall(call, name, "key derivation, slow by design");
        }

        return count >= options.GetInt64(Id, MinKdfIterationsOption, DefaultMinKdfIterations)
            ? new HeavyCall(call, name, $"key derivation, {FormatCount(count.Value)} iterations, {Duration(count.Value * KdfIterationNanoseconds)}")
            : null;
    }

    private static HeavyCall? KeyDerivationObject(IOperation creation, IMethodSymbol constructor, ImmutableArray<IArgumentOperation> arguments, UnblockOptions.TreeOptions options)
    {
        var iterations = ArgumentValue(arguments, "iterations");
        var hasIterations = false;
        foreach (var parameter in constructor.Parameters)
        {
            hasIterations |= parameter.Name == "iterations";
        }

        // new Rfc2898DeriveBytes(password, saltSize) derives on GetBytes with 1,000 iterations.
        var heavy = KeyDerivation(creation, "'Rfc2898DeriveBytes'", iterations, hasIterations ? null : Rfc2898DefaultIterations, options);
        if (heavy is null)
        {
            return null;
        }

        // new Rfc2898DeriveBytes(...).GetBytes(n): the whole call is the work, and it can move.
        var parent = creation.Parent;
        if (parent is IInvocationOperation { TargetMethod.Name: "GetBytes" } getBytes && getBytes.Instance == creation)
        {
            return new HeavyCall(getBytes, heavy.Name, heavy.Detail);
        }

        return new HeavyCall(creation, heavy.Name, heavy.Detail, IsKeyDerivationObject: true);
    }

    /// <summary><c>Enumerable.Range(_, n)</c> with a large constant <c>n</c>, consumed on the spot by LINQ operators ending in an aggregate or a materialization.</summary>
    private static HeavyCall? RangePipeline(IInvocationOperation range, AsyncSymbols symbols, UnblockOptions.TreeOptions options)
    {
        if (Constant(ArgumentValue(range.Arguments, "count")) is not { } count
            || count < options.GetInt64(Id, MinIterationsOption, DefaultMinIterations))
        {
            return null;
        }

        IInvocationOperation last = range;
        for (var parent = range.Parent; ; parent = parent.Parent)
        {
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            if (parent is IArgumentOperation { Parent: IInvocationOperation next } argument
                && next.Arguments.Length > 0 && next.Arguments[0] == argument
                && SymbolEqualityComparer.Default.Equals(next.TargetMethod.ContainingType, symbols.Enumerable))
            {
                last = next;
                parent = next;
                continue;
            }

            break;
        }

        if (last == range || IsDeferred(last.TargetMethod))
        {
            // Nothing runs here: the sequence is enumerated later (a foreach over it is measured as a loop).
            return null;
        }

        return new HeavyCall(last, "'Enumerable.Range' pipeline", $"{FormatCount((double)count)} elements");
    }

    private static bool IsDeferred(IMethodSymbol method)
    {
        if (method.Name.StartsWith("To", StringComparison.Ordinal))
        {
            return false;
        }

        var type = method.ReturnType;
        if (type.TypeKind != TypeKind.Interface)
        {
            return false;
        }

        if (type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
        {
            return true;
        }

        foreach (var face in type.AllInterfaces)
        {
            if (face.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                return true;
            }
        }

        return false;
    }
}
