using System.Text;

namespace Flotilla.Units.Syntax;

/// <summary>Serializes options the way fleet does before hashing (go-systemd's serializer).</summary>
public static class UnitNormalizer
{
    public static string Normalize(IReadOnlyList<UnitOption> options)
    {
        if (options.Count == 0)
        {
            return string.Empty;
        }

        // Sections keep the order in which they were first seen; options keep file order within
        // each section, so a repeated [Service] block is merged into the first one.
        var sections = new List<string>(4);
        foreach (var option in options)
        {
            if (!sections.Contains(option.Section))
            {
                sections.Add(option.Section);
            }
        }

        var text = new StringBuilder(options.Count * 32);
        for (var i = 0; i < sections.Count; i++)
        {
            var section = sections[i];
            if (i > 0)
            {
                text.Append('\n');
            }

            text.Append('[').Append(section).Append("]\n");
            foreach (var option in options)
            {
                if (option.Section == section)
                {
                    text.Append(option.Name).Append('=').Append(option.Value).Append('\n');
                }
            }
        }

        return text.ToString();
    }
}
