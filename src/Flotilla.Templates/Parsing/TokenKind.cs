namespace Flotilla.Templates.Parsing;

/// <summary>The kinds of lexical items of Go's text/template, in Go's vocabulary.</summary>
internal enum TokenKind
{
    Error,
    Bool,
    Char,
    CharConstant,
    Assign,
    Declare,
    EndOfInput,
    Field,
    Identifier,
    LeftDelimiter,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelimiter,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    // Keywords follow; IsKeyword relies on this order.
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}
