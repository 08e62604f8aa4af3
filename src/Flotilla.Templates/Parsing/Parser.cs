using Flotilla.Templates.Formatting;
namespace Flotilla.Templates.Parsing;

/// <summary>
/// Builds parse trees from tokens with the grammar and the error messages of Go's text/template/parse.
/// One call parses a whole text: the top-level template plus every {{define}} and {{block}} in it.
/// </summary>
internal sealed class Parser
{
    private readonly string _parseName;
    private readonly string _text;
    private readonly IReadOnlyList<Token> _tokens;
    private readonly Func<string, bool> _isFunction;
    private readonly Dictionary<string, ListNode> _trees;
    private List<string> _variables = ["$"];
    private int _index;
    private int _furthest;
    private int _rangeDepth;
    private int _actionLine;

    private Parser(string parseName, string text, Func<string, bool> isFunction, Dictionary<string, ListNode> trees)
    {
        _parseName = parseName;
        _text = text;
        _tokens = Lexer.Tokenize(text);
        _isFunction = isFunction;
        _trees = trees;
    }

    /// <summary>Parses <paramref name="text"/> into the named trees it defines (the top level under <paramref name="name"/>).</summary>
    public static Dictionary<string, ListNode> Parse(string name, string text, Func<string, bool> isFunction)
    {
        var trees = new Dictionary<string, ListNode>(StringComparer.Ordinal);
        var parser = new Parser(name, text, isFunction, trees);
        var root = parser.ParseTopLevel();
        parser.Add(name, root);
        return trees;
    }

    // ---- token stream -------------------------------------------------------------------------------

    private Token Next()
    {
        var token = _tokens[Math.Min(_index, _tokens.Count - 1)];
        _index++;
        _furthest = Math.Max(_furthest, Math.Min(_index - 1, _tokens.Count - 1));
        return token;
    }

    private void Backup() => _index--;

    private Token Peek()
    {
        var token = Next();
        Backup();
        return token;
    }

    private Token NextNonSpace()
    {
        Token token;
        do
        {
            token = Next();
        }
        while (token.Kind == TokenKind.Space);
        return token;
    }

    private Token PeekNonSpace()
    {
        var token = NextNonSpace();
        Backup();
        return token;
    }

    private Token Expect(TokenKind expected, string context)
    {
        var token = NextNonSpace();
        if (token.Kind != expected)
        {
            Unexpected(token, context);
        }
        return token;
    }

    private TemplateParseException Error(string message)
    {
        var token = _tokens[_furthest];
        var (line, column) = TextPosition.Of(_text, token.Position);
        return new TemplateParseException(
            $"template: {_parseName}:{token.Line}: {message}", _parseName, token.Line, line == token.Line ? column : 0);
    }

    private void Unexpected(Token token, string context)
    {
        if (token.Kind == TokenKind.Error)
        {
            // A lexical error speaks for itself; say where its action began when that was on another line.
            var extra = "";
            if (_actionLine != 0 && _actionLine != token.Line)
            {
                extra = token.Value.EndsWith(" action", StringComparison.Ordinal)
                    ? $" started at {_parseName}:{_actionLine}"
                    : $" in action started at {_parseName}:{_actionLine}";
            }
            throw Error(token.Value + extra);
        }
        throw Error($"unexpected {token} in {context}");
    }

    // ---- templates ----------------------------------------------------------------------------------

    private ListNode ParseTopLevel()
    {
        var root = new ListNode(Peek().Position);
        while (Peek().Kind != TokenKind.EndOfInput)
        {
            if (Peek().Kind == TokenKind.LeftDelimiter)
            {
                var mark = _index;
                Next();
                if (NextNonSpace().Kind == TokenKind.Define)
                {
                    ParseDefinition();
                    continue;
                }
                _index = mark;
            }
            var node = TextOrAction();
            if (node is ListEndNode)
            {
                throw Error($"unexpected {node}");
            }
            root.Nodes.Add(node);
        }
        return root;
    }

    private void ParseDefinition()
    {
        const string context = "define clause";
        var nameToken = NextNonSpace();
        if (nameToken.Kind is not (TokenKind.String or TokenKind.RawString))
        {
            Unexpected(nameToken, context);
        }
        var name = GoQuoting.Unquote(nameToken.Value) ?? throw Error("invalid syntax");
        Expect(TokenKind.RightDelimiter, context);
        var (root, end) = InNewScope(ItemList);
        if (end is not ListEndNode { IsElse: false })
        {
            throw Error($"unexpected {end} in {context}");
        }
        Add(name, root);
    }

    /// <summary>A {{define}} or {{block}} body sees only its own variables and no enclosing range.</summary>
    private T InNewScope<T>(Func<T> parse)
    {
        var (variables, rangeDepth) = (_variables, _rangeDepth);
        _variables = ["$"];
        _rangeDepth = 0;
        try
        {
            return parse();
        }
        finally
        {
            (_variables, _rangeDepth) = (variables, rangeDepth);
        }
    }

    private void Add(string name, ListNode root)
    {
        if (!_trees.TryGetValue(name, out var existing) || IsEmptyTree(existing))
        {
            _trees[name] = root;
            return;
        }
        if (!IsEmptyTree(root))
        {
            throw Error($"template: multiple definition of template {GoQuoting.Quote(name)}");
        }
    }

    /// <summary>Whether a tree holds nothing but white space (such a definition never replaces another).</summary>
    internal static bool IsEmptyTree(Node node) => node switch
    {
        ListNode list => list.Nodes.All(IsEmptyTree),
        TextNode text => string.IsNullOrWhiteSpace(text.Text.Trim(' ', '\t', '\r', '\n')),
        _ => false,
    };

    private (ListNode List, Node End) ItemList()
    {
        var list = new ListNode(PeekNonSpace().Position);
        while (PeekNonSpace().Kind != TokenKind.EndOfInput)
        {
            var node = TextOrAction();
            if (node is ListEndNode)
            {
                return (list, node);
            }
            list.Nodes.Add(node);
        }
        throw Error("unexpected EOF");
    }

    private Node TextOrAction()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Text:
                return new TextNode(token.Position, token.Value);
            case TokenKind.LeftDelimiter:
                _actionLine = token.Line;
                try
                {
                    return Action();
                }
                finally
                {
                    _actionLine = 0;
                }
            default:
                Unexpected(token, "input");
                return null!;
        }
    }

    private Node Action()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Block:
                return BlockControl();
            case TokenKind.Break:
                return LoopControl(token, "{{break}}", position => new BreakNode(position));
            case TokenKind.Continue:
                return LoopControl(token, "{{continue}}", position => new ContinueNode(position));
            case TokenKind.Else:
                return ElseControl();
            case TokenKind.End:
                return new ListEndNode(Expect(TokenKind.RightDelimiter, "end").Position, isElse: false);
            case TokenKind.If:
                return Control(BranchKind.If);
            case TokenKind.Range:
                return Control(BranchKind.Range);
            case TokenKind.Template:
                return TemplateControl();
            case TokenKind.With:
                return Control(BranchKind.With);
        }
        Backup();
        var start = Peek();
        // Variables declared here persist until the enclosing {{end}}.
        return new ActionNode(start.Position, Pipeline("command"));
    }

    private Node LoopControl(Token keyword, string context, Func<int, Node> create)
    {
        var token = NextNonSpace();
        if (token.Kind != TokenKind.RightDelimiter)
        {
            Unexpected(token, context);
        }
        if (_rangeDepth == 0)
        {
            throw Error($"{context} outside {{{{range}}}}");
        }
        return create(keyword.Position);
    }

    private Node ElseControl()
    {
        var peek = PeekNonSpace();
        if (peek.Kind is TokenKind.If or TokenKind.With)
        {
            // {{else if ...}} reads as {{else}}{{if ...}}...{{end}} with a shared {{end}}.
            return new ListEndNode(peek.Position, isElse: true);
        }
        return new ListEndNode(Expect(TokenKind.RightDelimiter, "else").Position, isElse: true);
    }

    private BranchNode Control(BranchKind kind)
    {
        var context = kind.ToString().ToLowerInvariant();
        var mark = _variables.Count;
        try
        {
            var pipe = Pipeline(context);
            if (kind == BranchKind.Range)
            {
                _rangeDepth++;
            }
            try
            {
                var (list, next) = ItemList();
                ListNode? elseList = null;
                if (next is ListEndNode { IsElse: true })
                {
                    var chained = kind switch
                    {
                        BranchKind.If => TokenKind.If,
                        BranchKind.With => TokenKind.With,
                        _ => TokenKind.Error,
                    };
                    if (chained != TokenKind.Error && Peek().Kind == chained)
                    {
                        Next();
                        elseList = new ListNode(next.Position);
                        elseList.Nodes.Add(Control(kind));
                    }
                    else
                    {
                        (elseList, next) = ItemList();
                        if (next is not ListEndNode { IsElse: false })
                        {
                            throw Error($"expected end; found {next}");
                        }
                    }
                }
                return new BranchNode(pipe.Position, kind, pipe, list, elseList);
            }
            finally
            {
                if (kind == BranchKind.Range)
                {
                    _rangeDepth--;
                }
            }
        }
        finally
        {
            _variables.RemoveRange(mark, _variables.Count - mark);
        }
    }

    private TemplateNode BlockControl()
    {
        const string context = "block clause";
        var token = NextNonSpace();
        var name = TemplateName(token, context);
        var pipe = Pipeline(context);
        var (root, end) = InNewScope(ItemList);
        if (end is not ListEndNode { IsElse: false })
        {
            throw Error($"unexpected {end} in {context}");
        }
        Add(name, root);
        return new TemplateNode(token.Position, name, pipe);
    }

    private TemplateNode TemplateControl()
    {
        const string context = "template clause";
        var token = NextNonSpace();
        var name = TemplateName(token, context);
        PipeNode? pipe = null;
        if (NextNonSpace().Kind != TokenKind.RightDelimiter)
        {
            Backup();
            pipe = Pipeline(context);
        }
        return new TemplateNode(token.Position, name, pipe);
    }

    private string TemplateName(Token token, string context)
    {
        if (token.Kind is not (TokenKind.String or TokenKind.RawString))
        {
            Unexpected(token, context);
        }
        return GoQuoting.Unquote(token.Value) ?? throw Error("invalid syntax");
    }

    // ---- pipelines ----------------------------------------------------------------------------------

    private PipeNode Pipeline(string context)
    {
        var pipe = new PipeNode(PeekNonSpace().Position);
        ParseDeclarations(pipe, context);
        while (true)
        {
            var token = NextNonSpace();
            switch (token.Kind)
            {
                case TokenKind.RightDelimiter or TokenKind.RightParen:
                    CheckPipeline(pipe, context);
                    if (token.Kind == TokenKind.RightParen)
                    {
                        Backup();
                    }
                    return pipe;
                case TokenKind.Bool or TokenKind.CharConstant or TokenKind.Dot or TokenKind.Field or TokenKind.Identifier
                    or TokenKind.Number or TokenKind.Nil or TokenKind.RawString or TokenKind.String or TokenKind.Variable
                    or TokenKind.LeftParen:
                    Backup();
                    pipe.Commands.Add(Command());
                    break;
                default:
                    Unexpected(token, context);
                    break;
            }
        }
    }

    private void ParseDeclarations(PipeNode pipe, string context)
    {
        while (true)
        {
            var mark = _index;
            var variable = PeekNonSpace();
            if (variable.Kind != TokenKind.Variable)
            {
                return;
            }
            NextNonSpace();
            var next = PeekNonSpace();
            if (next.Kind is TokenKind.Assign or TokenKind.Declare)
            {
                pipe.IsAssign = next.Kind == TokenKind.Assign;
                NextNonSpace();
                pipe.Declarations.Add(new VariableNode(variable.Position, variable.Value));
                _variables.Add(variable.Value);
                return;
            }
            if (next.Kind == TokenKind.Char && next.Value == ",")
            {
                NextNonSpace();
                pipe.Declarations.Add(new VariableNode(variable.Position, variable.Value));
                _variables.Add(variable.Value);
                if (context == "range" && pipe.Declarations.Count < 2)
                {
                    if (PeekNonSpace().Kind is TokenKind.Variable or TokenKind.RightDelimiter or TokenKind.RightParen)
                    {
                        continue;
                    }
                    throw Error("range can only initialize variables");
                }
                throw Error($"too many declarations in {context}");
            }
            _index = mark;
            return;
        }
    }

    private void CheckPipeline(PipeNode pipe, string context)
    {
        if (pipe.Commands.Count == 0)
        {
            throw Error($"missing value for {context}");
        }
        for (var i = 1; i < pipe.Commands.Count; i++)
        {
            if (pipe.Commands[i].Arguments[0] is BoolNode or DotNode or NilNode or NumberNode or StringNode)
            {
                throw Error($"non executable command in pipeline stage {i + 1}");
            }
        }
    }

    private CommandNode Command()
    {
        var command = new CommandNode(PeekNonSpace().Position);
        while (true)
        {
            PeekNonSpace();
            var operand = Operand();
            if (operand is not null)
            {
                command.Arguments.Add(operand);
            }
            var token = Next();
            switch (token.Kind)
            {
                case TokenKind.Space:
                    continue;
                case TokenKind.Error:
                    throw Error(token.Value);
                case TokenKind.RightDelimiter or TokenKind.RightParen:
                    Backup();
                    break;
                case TokenKind.Pipe:
                    break;
                default:
                    throw Error($"unexpected {token} in operand");
            }
            break;
        }
        if (command.Arguments.Count == 0)
        {
            throw Error("empty command");
        }
        return command;
    }

    private Node? Operand()
    {
        var node = Term();
        if (node is null || Peek().Kind != TokenKind.Field)
        {
            return node;
        }
        var chain = new ChainNode(Peek().Position, node);
        while (Peek().Kind == TokenKind.Field)
        {
            chain.Fields.Add(Next().Value[1..]);
        }
        return node switch
        {
            FieldNode => new FieldNode(chain.Position, chain.ToString()),
            VariableNode => new VariableNode(chain.Position, chain.ToString()),
            BoolNode or StringNode or NumberNode or NilNode or DotNode =>
                throw Error($"unexpected . after term {GoQuoting.Quote(node.ToString()!)}"),
            _ => chain,
        };
    }

    private Node? Term()
    {
        var token = NextNonSpace();
        switch (token.Kind)
        {
            case TokenKind.Error:
                throw Error(token.Value);
            case TokenKind.Identifier:
                if (!_isFunction(token.Value))
                {
                    throw Error($"function {GoQuoting.Quote(token.Value)} not defined");
                }
                return new IdentifierNode(token.Position, token.Value);
            case TokenKind.Dot:
                return new DotNode(token.Position);
            case TokenKind.Nil:
                return new NilNode(token.Position);
            case TokenKind.Variable:
                return UseVariable(token);
            case TokenKind.Field:
                return new FieldNode(token.Position, token.Value);
            case TokenKind.Bool:
                return new BoolNode(token.Position, token.Value == "true");
            case TokenKind.CharConstant or TokenKind.Number:
                return NewNumber(token);
            case TokenKind.LeftParen:
                var pipe = Pipeline("parenthesized pipeline");
                var close = Next();
                if (close.Kind != TokenKind.RightParen)
                {
                    throw Error($"unclosed right paren: unexpected {close}");
                }
                return pipe;
            case TokenKind.String or TokenKind.RawString:
                var text = GoQuoting.Unquote(token.Value) ?? throw Error("invalid syntax");
                return new StringNode(token.Position, token.Value, text);
        }
        Backup();
        return null;
    }

    private VariableNode UseVariable(Token token)
    {
        var variable = new VariableNode(token.Position, token.Value);
        if (!_variables.Contains(variable.Identifiers[0]))
        {
            throw Error($"undefined variable {GoQuoting.Quote(variable.Identifiers[0])}");
        }
        return variable;
    }

    private NumberNode NewNumber(Token token)
    {
        var text = token.Value;
        if (token.Kind == TokenKind.CharConstant)
        {
            var character = GoQuoting.Unquote(text) ?? throw Error("invalid syntax");
            var rune = char.ConvertToUtf32(character, 0);
            return new NumberNode(token.Position, text)
            {
                IsCharacter = true, IsInteger = true, IsUnsigned = true, IsFloat = true, Integer = rune, Float = rune,
            };
        }
        if (text.EndsWith('i'))
        {
            throw Error($"complex numbers are not supported: {GoQuoting.Quote(text)}");
        }
        var isUnsigned = GoNumbers.TryParseUnsigned(text, out var unsigned);
        var isInteger = GoNumbers.TryParseInteger(text, out var integer);
        if (isInteger)
        {
            return new NumberNode(token.Position, text)
            {
                IsInteger = true, IsUnsigned = isUnsigned, IsFloat = true, Integer = integer, Float = integer,
            };
        }
        if (isUnsigned)
        {
            return new NumberNode(token.Position, text) { IsUnsigned = true, IsFloat = true, Float = unsigned };
        }
        if (GoNumbers.TryParseFloat(text, out var value))
        {
            if (text.IndexOfAny(['.', 'e', 'E', 'p', 'P']) < 0)
            {
                throw Error($"integer overflow: {GoQuoting.Quote(text)}");
            }
            var integral = Math.Floor(value) == value && value is >= long.MinValue and < 9.2233720368547758E18;
            return new NumberNode(token.Position, text)
            {
                IsFloat = true,
                Float = value,
                IsInteger = integral,
                Integer = integral ? (long)value : 0,
                IsUnsigned = integral && value >= 0,
            };
        }
        throw Error($"illegal number syntax: {GoQuoting.Quote(text)}");
    }
}
