using System;

namespace MultiProject.Core;

/// <summary>A domain service: knows orders, not where they are stored.</summary>
public sealed class OrderService
{
    private readonly IDocumentStore _store;

    public OrderService(IDocumentStore store) => _store = store;

    public string Describe(string orderId) => "order " + orderId + ": " + _store.Load(orderId + ".json").Trim();

    public static string Normalize(string orderId) => orderId.Trim().ToUpperInvariant();

    public static bool IsValid(string orderId) => !string.IsNullOrWhiteSpace(orderId) && orderId.Length < 64 && !orderId.Contains('/', StringComparison.Ordinal);
}
