namespace Flotilla.Cli.Client.Http11;

internal enum Http11FramingKind
{
    None,
    Chunked,
    ContentLength,
    UntilClose,
}
