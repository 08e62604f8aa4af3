namespace Flotilla.Runner.Systemd;

/// <summary>
/// The runner's unit files on disk: the text in <c>StateDirectory/units/&lt;name&gt;</c>, and a symlink of
/// the same name in systemd's unit directory pointing at it (what <c>systemctl link</c> makes). The
/// link and its target share the name, so systemd sees the unit itself, never an alias of another.
/// </summary>
internal sealed class UnitFileLinks(string stateDirectory, string unitDirectory)
{
    /// <summary>Absolute, because it is what the links point at and systemd resolves them from elsewhere.</summary>
    public string FilesDirectory { get; } = Path.GetFullPath(Path.Combine(stateDirectory, "units"));

    public string FilePath(string unitName) => Path.Combine(FilesDirectory, unitName);

    public string LinkPath(string unitName) => Path.Combine(unitDirectory, unitName);

    /// <summary>The names of the unit files a previous run of the runner left in the state directory.</summary>
    public IReadOnlyList<string> ListWrittenUnits() =>
        Directory.Exists(FilesDirectory)
            ? Directory.EnumerateFiles(FilesDirectory).Select(Path.GetFileName).OfType<string>()
                .Where(static name => Flotilla.Units.Names.UnitName.TryParse(name, out _)).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Writes the text (replacing it in one rename, so systemd never reads half a file) and makes the link.</summary>
    /// <exception cref="InvalidOperationException">The unit directory holds a file of that name that is not our link.</exception>
    public void Write(string unitName, string text)
    {
        Directory.CreateDirectory(FilesDirectory);
        var file = FilePath(unitName);
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, file, overwrite: true);

        var link = LinkPath(unitName);
        var existing = new FileInfo(link);
        if (existing.LinkTarget is { } target)
        {
            if (string.Equals(target, file, StringComparison.Ordinal))
            {
                return;
            }

            if (!IsOurs(target))
            {
                throw new InvalidOperationException($"{link} links to {target}, not to the runner's {file}; it is left alone and the unit is not loaded");
            }

            File.Delete(link);
        }
        else if (existing.Exists || Directory.Exists(link))
        {
            // A unit someone installed by hand: replacing it would silently change what they run.
            throw new InvalidOperationException($"{link} already exists and is not the runner's link; it is left alone and the unit is not loaded");
        }

        Directory.CreateDirectory(unitDirectory);
        File.CreateSymbolicLink(link, file);
    }

    /// <summary>Whether the runner has written this unit's file (possibly in an earlier run).</summary>
    public bool HasFile(string unitName) => File.Exists(FilePath(unitName));

    /// <summary>Removes the link (only if it is ours) and the file. Missing ones are fine.</summary>
    public void Remove(string unitName)
    {
        var link = LinkPath(unitName);
        if (new FileInfo(link).LinkTarget is { } target && IsOurs(target))
        {
            File.Delete(link);
        }

        File.Delete(FilePath(unitName));
    }

    private bool IsOurs(string linkTarget) =>
        string.Equals(Path.GetDirectoryName(linkTarget), FilesDirectory, StringComparison.Ordinal);
}
