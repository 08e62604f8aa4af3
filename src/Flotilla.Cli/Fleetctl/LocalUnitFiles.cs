using Flotilla.Cli.Client;
using Flotilla.Units.Names;
using Flotilla.Units.Syntax;

namespace Flotilla.Cli.Fleetctl;

/// <summary>
/// Where a new unit's text comes from, by fleet's rules: the file named by the argument; for an
/// instance with no such file, its template from the registry, else a local template file
/// (<c>foo@.service</c>) in the argument's directory. The instance keeps that copy.
/// </summary>
internal static class LocalUnitFiles
{
    /// <returns>The parsed file at <paramref name="path"/>, or null when there is no such file.</returns>
    /// <exception cref="CommandFailedException">The file exists but cannot be read or parsed.</exception>
    public static UnitFile? TryRead(string path, string unitName)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return UnitFileParser.Parse(unitName, File.ReadAllText(path));
        }
        catch (UnitSyntaxException e)
        {
            throw new CommandFailedException($"Error creating units: {path}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"Error creating units: cannot read {path}: {e.Message}");
        }
    }

    /// <exception cref="CommandFailedException">No text can be found for the unit.</exception>
    public static async Task<UnitFile> ResolveNewAsync(string argument, UnitName name, FlotillaApiClient client, CancellationToken cancellationToken)
    {
        if (TryRead(argument, name.Name) is { } file)
        {
            return file;
        }

        if (!name.IsInstance || name.Template is not { } template)
        {
            throw new CommandFailedException($"Error creating units: unable to find unit file {argument}");
        }

        if (await client.GetUnitAsync(template, cancellationToken) is { } registered)
        {
            return UnitText.ToUnitFile(registered with { Name = name.Name });
        }

        var directory = Path.GetDirectoryName(argument);
        var localTemplate = string.IsNullOrEmpty(directory) ? template : Path.Combine(directory, template);
        return TryRead(localTemplate, name.Name)
            ?? throw new CommandFailedException(
                $"Error creating units: unable to find unit {name.Name}: no file {argument}, and no template {template} in the cluster or at {localTemplate}");
    }
}
