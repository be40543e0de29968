namespace MultiProject.Core;

/// <summary>Where orders are kept. Synchronous on purpose: its implementation in Infrastructure reads files.</summary>
public interface IDocumentStore
{
    string Load(string name);
}
