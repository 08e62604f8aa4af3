using System.Text;

namespace Flotilla.Registry.Data;

/// <summary>UTF-8 conversions for the common case of text values.</summary>
public static class RegistryText
{
    public static ReadOnlyMemory<byte> Encode(string text) => Encoding.UTF8.GetBytes(text);
}
