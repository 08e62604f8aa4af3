using Flotilla.Templates.Formatting;
namespace Flotilla.Templates.Parsing;

/// <summary>
/// Splits template text into tokens with Go's text/template rules: <c>{{</c> and <c>}}</c> delimit actions,
/// <c>{{- </c> and <c> -}}</c> trim the adjacent white space, <c>{{/* */}}</c> are comments. The first lexical
/// error becomes an <see cref="TokenKind.Error"/> token and ends the stream, so the parser reports it only
/// when it gets there (exactly as Go's lazily driven lexer does).
/// </summary>
internal sealed class Lexer
{
    private const string LeftDelimiter = "{{";
    private const string RightDelimiter = "}}";
    private const string LeftComment = "/*";
    private const string RightComment = "*/";

    private static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.Ordinal)
    {
        ["block"] = TokenKind.Block,
        ["break"] = TokenKind.Break,
        ["continue"] = TokenKind.Continue,
        ["define"] = TokenKind.Define,
        ["else"] = TokenKind.Else,
        ["end"] = TokenKind.End,
        ["if"] = TokenKind.If,
        ["range"] = TokenKind.Range,
        ["nil"] = TokenKind.Nil,
        ["template"] = TokenKind.Template,
        ["with"] = TokenKind.With,
    };

    private readonly string _input;
    private readonly List<Token> _tokens = [];
    private int _position;
    private int _start;
    private int _line = 1;
    private int _startLine = 1;
    private int _parenDepth;

    private Lexer(string input) => _input = input;

    public static IReadOnlyList<Token> Tokenize(string input)
    {
        var lexer = new Lexer(input);
        lexer.Run();
        return lexer._tokens;
    }

    private void Run()
    {
        while (true)
        {
            switch (LexText())
            {
                case After.Stop:
                    return;
                case After.Comment:
                    continue;
            }
            if (!LexInsideAction())
            {
                return;
            }
        }
    }

    /// <summary>What follows a run of text.</summary>
    private enum After
    {
        Stop,
        Action,
        Comment,
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsAlphaNumeric(char c) => c == '_' || char.IsLetterOrDigit(c);

    private char Peek(int offset = 0) => _position + offset < _input.Length ? _input[_position + offset] : '\0';

    private bool AtEnd => _position >= _input.Length;

    private void Advance(int count = 1)
    {
        for (var i = 0; i < count && _position < _input.Length; i++)
        {
            if (_input[_position] == '\n')
            {
                _line++;
            }
            _position++;
        }
    }

    private void Emit(TokenKind kind)
    {
        _tokens.Add(new Token(kind, _input[_start.._position], _start, _startLine));
        Ignore();
    }

    private void Ignore()
    {
        _start = _position;
        _startLine = _line;
    }

    private bool Fail(string message)
    {
        _tokens.Add(new Token(TokenKind.Error, message, _start, _startLine));
        return false;
    }

    private static bool HasLeftTrimMarker(string s, int at) => at + 1 < s.Length && s[at] == '-' && IsSpace(s[at + 1]);

    private static bool HasRightTrimMarker(string s, int at) => at + 1 < s.Length && IsSpace(s[at]) && s[at + 1] == '-';

    /// <summary>Whether a right delimiter (optionally with its trim marker) starts here.</summary>
    private (bool Found, bool Trim) AtRightDelimiter()
    {
        if (HasRightTrimMarker(_input, _position) && string.CompareOrdinal(_input, _position + 2, RightDelimiter, 0, 2) == 0)
        {
            return (true, true);
        }
        return (string.CompareOrdinal(_input, _position, RightDelimiter, 0, 2) == 0, false);
    }

    /// <summary>Scans text up to the next action or comment.</summary>
    private After LexText()
    {
        var next = _input.IndexOf(LeftDelimiter, _position, StringComparison.Ordinal);
        if (next < 0)
        {
            Advance(_input.Length - _position);
            if (_position > _start)
            {
                Emit(TokenKind.Text);
            }
            Emit(TokenKind.EndOfInput);
            return After.Stop;
        }
        var trimLeft = HasLeftTrimMarker(_input, next + LeftDelimiter.Length);
        var textEnd = next;
        if (trimLeft)
        {
            while (textEnd > _start && IsSpace(_input[textEnd - 1]))
            {
                textEnd--;
            }
        }
        Advance(textEnd - _position);
        if (_position > _start)
        {
            Emit(TokenKind.Text);
        }
        Advance(next - _position);
        Ignore();
        return LexLeftDelimiter(trimLeft);
    }

    private After LexLeftDelimiter(bool trimLeft)
    {
        Advance(LeftDelimiter.Length);
        var afterMarker = trimLeft ? 2 : 0;
        if (string.CompareOrdinal(_input, _position + afterMarker, LeftComment, 0, 2) == 0)
        {
            Advance(afterMarker);
            Ignore();
            return LexComment() ? After.Comment : After.Stop;
        }
        Emit(TokenKind.LeftDelimiter);
        Advance(afterMarker);
        Ignore();
        _parenDepth = 0;
        return After.Action;
    }

    private bool LexComment()
    {
        Advance(LeftComment.Length);
        var end = _input.IndexOf(RightComment, _position, StringComparison.Ordinal);
        if (end < 0)
        {
            return Fail("unclosed comment");
        }
        Advance(end + RightComment.Length - _position);
        var (found, trim) = AtRightDelimiter();
        if (!found)
        {
            return Fail("comment ends before closing delimiter");
        }
        Advance((trim ? 2 : 0) + RightDelimiter.Length);
        if (trim)
        {
            SkipLeadingSpace();
        }
        Ignore();
        return true;
    }

    private void SkipLeadingSpace()
    {
        while (!AtEnd && IsSpace(Peek()))
        {
            Advance();
        }
    }

    /// <summary>Scans the elements of one action up to and including its right delimiter.</summary>
    private bool LexInsideAction()
    {
        while (true)
        {
            var (found, trim) = AtRightDelimiter();
            if (found)
            {
                if (_parenDepth != 0)
                {
                    return Fail("unclosed left paren");
                }
                if (trim)
                {
                    Advance(2);
                    Ignore();
                }
                Advance(RightDelimiter.Length);
                Emit(TokenKind.RightDelimiter);
                if (trim)
                {
                    SkipLeadingSpace();
                    Ignore();
                }
                return true;
            }
            if (AtEnd)
            {
                return Fail("unclosed action");
            }
            var c = Peek();
            if (IsSpace(c))
            {
                LexSpace();
                continue;
            }
            if (!LexActionElement(c))
            {
                return false;
            }
        }
    }

    private bool LexActionElement(char c)
    {
        switch (c)
        {
            case '=':
                Advance();
                Emit(TokenKind.Assign);
                return true;
            case ':':
                Advance();
                if (Peek() != '=')
                {
                    return Fail("expected :=");
                }
                Advance();
                Emit(TokenKind.Declare);
                return true;
            case '|':
                Advance();
                Emit(TokenKind.Pipe);
                return true;
            case '"':
                return LexQuote();
            case '`':
                return LexRawQuote();
            case '$':
                return LexFieldOrVariable(TokenKind.Variable);
            case '\'':
                return LexCharConstant();
            case '.':
                if (Peek(1) is < '0' or > '9')
                {
                    return LexFieldOrVariable(TokenKind.Field);
                }
                return LexNumber();
            case '(':
                Advance();
                Emit(TokenKind.LeftParen);
                _parenDepth++;
                return true;
            case ')':
                Advance();
                Emit(TokenKind.RightParen);
                _parenDepth--;
                if (_parenDepth < 0)
                {
                    return Fail("unexpected right paren");
                }
                return true;
        }
        if (c is '+' or '-' or (>= '0' and <= '9'))
        {
            return LexNumber();
        }
        if (IsAlphaNumeric(c))
        {
            return LexIdentifier();
        }
        if (c < 0x80 && !char.IsControl(c))
        {
            Advance();
            Emit(TokenKind.Char);
            return true;
        }
        return Fail("unrecognized character in action: " + Token.DescribeRune(char.ConvertToUtf32(_input, _position)));
    }

    private void LexSpace()
    {
        var spaces = 0;
        while (!AtEnd && IsSpace(Peek()))
        {
            Advance();
            spaces++;
        }
        // A trim-marked right delimiter starts with a space: leave that space to the delimiter.
        if (HasRightTrimMarker(_input, _position - 1) && string.CompareOrdinal(_input, _position + 1, RightDelimiter, 0, 2) == 0)
        {
            _position--;
            if (_input[_position] == '\n')
            {
                _line--;
            }
            if (spaces == 1)
            {
                return;
            }
        }
        Emit(TokenKind.Space);
    }

    private bool AtTerminator()
    {
        var c = Peek();
        if (AtEnd || IsSpace(c))
        {
            return true;
        }
        return c is '.' or ',' or '|' or ':' or ')' or '('
            || string.CompareOrdinal(_input, _position, RightDelimiter, 0, 2) == 0;
    }

    private bool LexIdentifier()
    {
        while (!AtEnd && IsAlphaNumeric(Peek()))
        {
            Advance();
        }
        if (!AtTerminator())
        {
            return Fail("bad character " + Token.DescribeRune(char.ConvertToUtf32(_input, _position)));
        }
        var word = _input[_start.._position];
        if (Keywords.TryGetValue(word, out var keyword))
        {
            Emit(keyword);
        }
        else if (word is "true" or "false")
        {
            Emit(TokenKind.Bool);
        }
        else
        {
            Emit(TokenKind.Identifier);
        }
        return true;
    }

    private bool LexFieldOrVariable(TokenKind kind)
    {
        Advance(); // the '.' or '$'
        if (AtTerminator())
        {
            Emit(kind == TokenKind.Variable ? TokenKind.Variable : TokenKind.Dot);
            return true;
        }
        while (!AtEnd && IsAlphaNumeric(Peek()))
        {
            Advance();
        }
        if (!AtTerminator())
        {
            return Fail("bad character " + Token.DescribeRune(char.ConvertToUtf32(_input, _position)));
        }
        Emit(kind);
        return true;
    }

    private bool LexQuote()
    {
        Advance();
        while (true)
        {
            if (AtEnd || Peek() == '\n')
            {
                return Fail("unterminated quoted string");
            }
            var c = Peek();
            Advance();
            if (c == '\\')
            {
                if (AtEnd || Peek() == '\n')
                {
                    return Fail("unterminated quoted string");
                }
                Advance();
            }
            else if (c == '"')
            {
                Emit(TokenKind.String);
                return true;
            }
        }
    }

    private bool LexRawQuote()
    {
        Advance();
        var end = _input.IndexOf('`', _position);
        if (end < 0)
        {
            return Fail("unterminated raw quoted string");
        }
        Advance(end + 1 - _position);
        Emit(TokenKind.RawString);
        return true;
    }

    private bool LexCharConstant()
    {
        Advance();
        while (true)
        {
            if (AtEnd || Peek() == '\n')
            {
                return Fail("unterminated character constant");
            }
            var c = Peek();
            Advance();
            if (c == '\\')
            {
                if (AtEnd || Peek() == '\n')
                {
                    return Fail("unterminated character constant");
                }
                Advance();
            }
            else if (c == '\'')
            {
                Emit(TokenKind.CharConstant);
                return true;
            }
        }
    }

    private bool Accept(string valid)
    {
        if (!AtEnd && valid.Contains(Peek(), StringComparison.Ordinal))
        {
            Advance();
            return true;
        }
        return false;
    }

    private void AcceptRun(string valid)
    {
        while (!AtEnd && valid.Contains(Peek(), StringComparison.Ordinal))
        {
            Advance();
        }
    }

    private bool LexNumber()
    {
        Accept("+-");
        var digits = "0123456789_";
        if (Accept("0"))
        {
            if (Accept("xX"))
            {
                digits = "0123456789abcdefABCDEF_";
            }
            else if (Accept("oO"))
            {
                digits = "01234567_";
            }
            else if (Accept("bB"))
            {
                digits = "01_";
            }
        }
        AcceptRun(digits);
        if (Accept("."))
        {
            AcceptRun(digits);
        }
        if (digits.Length == 11 && Accept("eE"))
        {
            Accept("+-");
            AcceptRun("0123456789_");
        }
        if (digits.Length == 23 && Accept("pP"))
        {
            Accept("+-");
            AcceptRun("0123456789_");
        }
        Accept("i");
        if (!AtEnd && IsAlphaNumeric(Peek()))
        {
            Advance();
            return Fail("bad number syntax: " + GoQuoting.Quote(_input[_start.._position]));
        }
        Emit(TokenKind.Number);
        return true;
    }
}
