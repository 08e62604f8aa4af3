namespace Flotilla.Templates.Execution;

/// <summary>A value with a Go String() method, which fmt uses for %v, %s, %q, %x and %X.</summary>
internal interface IGoStringer
{
    string GoString();
}
