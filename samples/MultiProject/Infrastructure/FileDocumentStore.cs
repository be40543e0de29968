using System.IO;
using System.Threading.Tasks;
using MultiProject.Core;

namespace MultiProject.Infrastructure;

/// <summary>Keeps documents as files, read synchronously.</summary>
public sealed class FileDocumentStore : IDocumentStore
{
    private readonly string _root;

    public FileDocumentStore(string root) => _root = root;

    // Synchronous, and not async code: no finding here. Web calls it through IDocumentStore from async code.
    public string Load(string name) => File.ReadAllText(Path.Combine(_root, name));

    public async Task SaveAsync(string name, string text)
    {
        await Task.Yield();
        File.WriteAllText(Path.Combine(_root, name), text); // BLK003 in this project's own build
    }
}
