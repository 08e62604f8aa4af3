using Flotilla.Units.Diagnostics;
using Flotilla.Units.Names;
using Flotilla.Units.Specifiers;
using Flotilla.Units.Syntax;

namespace Flotilla.Units.Fleet;

/// <summary>
/// Reads the <c>[X-Fleet]</c> section into <see cref="FleetRequirements"/> and checks it with fleet's
/// rules and texts. Where fleet silently ignored bad input (malformed metadata) we report an error.
/// </summary>
public static class FleetRequirementsReader
{
    /// <param name="unit">The unit's name, for <c>%n %N %p %i</c>; null when the name is invalid (no expansion then).</param>
    public static FleetRequirements Read(UnitFile file, UnitName? unit, ICollection<UnitDiagnostic> diagnostics)
    {
        if (!file.HasSection(FleetKeys.Section))
        {
            return FleetRequirements.None;
        }

        var reading = new Reading(file.FileName, diagnostics);
        foreach (var option in file.Options)
        {
            if (option.Section != FleetKeys.Section)
            {
                continue;
            }

            var value = unit is null ? option.Value : SpecifierExpander.ExpandFleet(option.Value, unit);
            reading.Add(option, value);
        }

        return reading.Finish();
    }

    /// <summary>
    /// Splits a value the way fleet did: a value starting with a double quote holds several quoted
    /// words (<c>"a=b" "c=d"</c>); anything else is one value.
    /// </summary>
    public static IReadOnlyList<string> SplitMultiValue(string value)
    {
        if (!value.StartsWith('"'))
        {
            return [value];
        }

        var values = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in value)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                Flush();
            }
            else
            {
                current.Append(c);
            }
        }

        Flush();
        return values;

        void Flush()
        {
            if (current.Length > 0)
            {
                values.Add(current.ToString());
                current.Clear();
            }
        }
    }

    /// <summary>Accumulates one section; list keys reset on an empty assignment, as in systemd.</summary>
    private sealed class Reading(string fileName, ICollection<UnitDiagnostic> diagnostics)
    {
        private readonly List<(string Value, int Line)> _machineOf = [];
        private readonly List<(string Value, int Line)> _conflicts = [];
        private readonly List<(string Value, int Line)> _replaces = [];
        private readonly List<(string Key, string Value, bool Negated)> _metadata = [];
        private (string Value, int Line)? _machineId;
        private (string Value, int Line)? _legacyMachineId;
        private (string Value, int Line)? _legacyBootId;
        private (bool Value, int Line)? _global;

        public void Add(UnitOption option, string value)
        {
            switch (option.Name)
            {
                case FleetKeys.MachineId:
                    _machineId ??= FirstValue(value, option.Line);
                    break;
                case FleetKeys.LegacyMachineId:
                    _legacyMachineId ??= FirstValue(value, option.Line);
                    break;
                case FleetKeys.LegacyMachineBootId:
                    _legacyBootId ??= FirstValue(value, option.Line);
                    break;
                case FleetKeys.MachineOf or FleetKeys.LegacyMachineOf:
                    AddNames(option, value, _machineOf, splitWhitespace: false);
                    break;
                case FleetKeys.Conflicts or FleetKeys.LegacyConflicts:
                    AddNames(option, value, _conflicts, splitWhitespace: true);
                    break;
                case FleetKeys.Replaces:
                    AddNames(option, value, _replaces, splitWhitespace: true);
                    break;
                case FleetKeys.MachineMetadata or FleetKeys.LegacyMachineMetadata:
                    AddMetadata(option, value);
                    break;
                case FleetKeys.Global:
                    _global = (ParseTruthy(option, value), option.Line);
                    break;
                default:
                    diagnostics.Add(new UnitDiagnostic(
                        DiagnosticSeverity.Warning,
                        fileName,
                        option.Line,
                        option.Name,
                        $"unrecognized requirement in [X-Fleet] section: \"{option.Name}\""));
                    break;
            }
        }

        public FleetRequirements Finish()
        {
            var machineId = _machineId ?? _legacyMachineId ?? _legacyBootId;
            var requirements = new FleetRequirements
            {
                MachineId = machineId?.Value,
                MachineOf = Distinct(_machineOf),
                Conflicts = Distinct(_conflicts),
                Replaces = Distinct(_replaces),
                Metadata = Group(negated: false),
                MetadataNot = Group(negated: true),
                Global = _global?.Value ?? false,
            };
            CheckCombinations(requirements);
            return requirements;
        }

        private static (string, int)? FirstValue(string value, int line)
        {
            var values = SplitMultiValue(value);
            return values.Count == 0 || values[0].Length == 0 ? null : (values[0], line);
        }

        private void AddNames(UnitOption option, string value, List<(string Value, int Line)> target, bool splitWhitespace)
        {
            if (value.Length == 0)
            {
                target.Clear();
                return;
            }

            foreach (var item in SplitMultiValue(value))
            {
                var words = splitWhitespace
                    ? item.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
                    : [item];
                foreach (var word in words)
                {
                    var problem = splitWhitespace ? GlobProblem(word) : NameProblem(word);
                    if (problem is not null)
                    {
                        Error(option, $"invalid {option.Name} \"{word}\": {problem}");
                    }
                    else
                    {
                        target.Add((word, option.Line));
                    }
                }
            }
        }

        private static string? GlobProblem(string pattern) => FleetGlob.Validate(pattern);

        private static string? NameProblem(string name) =>
            FleetGlob.IsLiteral(name) ? UnitName.Validate(name) : "MachineOf takes exact unit names, not globs";

        private void AddMetadata(UnitOption option, string value)
        {
            if (value.Length == 0)
            {
                _metadata.Clear();
                return;
            }

            foreach (var pair in SplitMultiValue(value))
            {
                if (TryParseMetadata(pair, out var key, out var metadataValue, out var negated))
                {
                    _metadata.Add((key, metadataValue, negated));
                }
                else
                {
                    Error(option, $"invalid {option.Name} \"{pair}\": expected key=value or key!=value (one pair per value; quote several: \"a=b\" \"c=d\")");
                }
            }
        }

        /// <summary>
        /// <c>key=value</c> or <c>key!=value</c>; both sides non-empty, no second <c>=</c> and no comma
        /// (a machine's metadata list is comma-separated, so such a value could never match).
        /// </summary>
        private static bool TryParseMetadata(string pair, out string key, out string value, out bool negated)
        {
            key = value = string.Empty;
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                negated = false;
                return false;
            }

            negated = pair[equals - 1] == '!';
            key = pair[..(negated ? equals - 1 : equals)].Trim();
            value = pair[(equals + 1)..].Trim();
            return key.Length > 0 && value.Length > 0
                && key.AsSpan().IndexOfAny("=,!") < 0 && value.AsSpan().IndexOfAny("=,") < 0;
        }

        private bool ParseTruthy(UnitOption option, string value)
        {
            // fleet's truthiness: anything else is false. An unrecognized word is probably a typo, so say so.
            switch (value.ToLowerInvariant())
            {
                case "true" or "yes" or "1" or "on" or "t":
                    return true;
                case "false" or "no" or "0" or "off" or "f" or "n":
                    return false;
                default:
                    diagnostics.Add(new UnitDiagnostic(
                        DiagnosticSeverity.Warning,
                        fileName,
                        option.Line,
                        option.Name,
                        $"Global value \"{value}\" is not a boolean; treated as false"));
                    return false;
            }
        }

        private IReadOnlyDictionary<string, IReadOnlyList<string>> Group(bool negated)
        {
            if (!_metadata.Exists(m => m.Negated == negated))
            {
                return FleetRequirements.None.Metadata;
            }

            var grouped = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (key, value, isNegated) in _metadata)
            {
                if (isNegated != negated)
                {
                    continue;
                }

                var values = grouped.TryGetValue(key, out var existing) ? (List<string>)existing : [];
                if (!values.Contains(value))
                {
                    values.Add(value);
                }

                grouped[key] = values;
            }

            return grouped;
        }

        private static IReadOnlyList<string> Distinct(List<(string Value, int Line)> items)
        {
            if (items.Count == 0)
            {
                return [];
            }

            var values = new List<string>(items.Count);
            foreach (var (value, _) in items)
            {
                if (!values.Contains(value))
                {
                    values.Add(value);
                }
            }

            return values;
        }

        private void CheckCombinations(FleetRequirements r)
        {
            foreach (var (peer, line) in _machineOf)
            {
                foreach (var conflict in r.Conflicts)
                {
                    if (FleetGlob.IsMatch(conflict, peer))
                    {
                        Error(line, FleetKeys.MachineOf, $"unresolvable requirements: peer \"{peer}\" matches conflict \"{conflict}\"");
                    }
                }

                foreach (var replace in r.Replaces)
                {
                    if (FleetGlob.IsMatch(replace, peer))
                    {
                        Error(line, FleetKeys.MachineOf, $"unresolvable requirements: peer \"{peer}\" matches replace \"{replace}\"");
                    }
                }
            }

            var hasMachineId = r.MachineId is not null;
            var hasPeers = r.MachineOf.Count > 0;
            var hasConflicts = r.Conflicts.Count > 0;
            var hasReplaces = r.Replaces.Count > 0;
            var globalLine = _global?.Line ?? 0;
            if (hasMachineId && hasPeers)
            {
                Error(_machineOf[0].Line, FleetKeys.MachineOf, "MachineID cannot be used with Peers");
            }

            if (hasMachineId && hasConflicts)
            {
                Error(_conflicts[0].Line, FleetKeys.Conflicts, "MachineID cannot be used with Conflicts");
            }

            if (hasMachineId && r.Global)
            {
                Error(globalLine, FleetKeys.Global, "MachineID cannot be used with Global");
            }

            if (hasMachineId && hasReplaces)
            {
                Error(_replaces[0].Line, FleetKeys.Replaces, "MachineID cannot be used with Replaces");
            }

            if (r.Global && hasPeers)
            {
                Error(_machineOf[0].Line, FleetKeys.MachineOf, "Global cannot be used with Peers");
            }

            if (r.Global && hasReplaces)
            {
                Error(_replaces[0].Line, FleetKeys.Replaces, "Global cannot be used with Replaces");
            }

            if (hasConflicts && hasReplaces)
            {
                Error(_replaces[0].Line, FleetKeys.Replaces, "Conflicts cannot be used with Replaces");
            }
        }

        private void Error(UnitOption option, string message) => Error(option.Line, option.Name, message);

        private void Error(int line, string key, string message) =>
            diagnostics.Add(new UnitDiagnostic(DiagnosticSeverity.Error, fileName, line, key, message));
    }
}
