package selector

// The lexer reproduces the Lexer of apimachinery pkg/labels/selector.go,
// working on indices into the input instead of copying bytes.
//
// Facts it keeps: whitespace is ' ', '\t', '\r', '\n'; the special bytes are
// = ! ( ) , > <; any run of other bytes is an identifier, and the bare words
// "in" and "notin" are keywords; the longest operator is taken ("!=", "=="
// over "!", "="). A NUL byte reads as "end of input" to upstream's lexer: at
// the start of a token it ends the token stream, and right after an
// identifier or operator it is skipped.

type tokKind uint8

const (
	tokEnd tokKind = iota
	tokIdent
	tokIn
	tokNotIn
	tokComma
	tokOpen
	tokClose
	tokNot // "!" (does not exist)
	tokEq
	tokDoubleEq
	tokNotEq
	tokGt
	tokLt
)

// token is one lexeme: s[start:end] is its text.
type token struct {
	kind       tokKind
	start, end int
}

type lexer struct {
	s    string
	pos  int
	done bool // the end token was produced; upstream's scan stops there
}

func isWhitespace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func isSpecial(c byte) bool {
	switch c {
	case '=', '!', '(', ')', ',', '>', '<':
		return true
	}
	return false
}

// next returns the next token; after the end token it keeps returning it.
func (l *lexer) next() token {
	if l.done {
		return token{kind: tokEnd, start: len(l.s), end: len(l.s)}
	}
	s := l.s
	i := l.pos
	for i < len(s) && isWhitespace(s[i]) {
		i++
	}
	if i >= len(s) || s[i] == 0 {
		l.done = true
		l.pos = len(s)
		return token{kind: tokEnd, start: i, end: i}
	}
	c := s[i]
	if isSpecial(c) {
		t := token{start: i, end: i + 1}
		switch c {
		case '=':
			t.kind = tokEq
			if i+1 < len(s) && s[i+1] == '=' {
				t.kind, t.end = tokDoubleEq, i+2
			}
		case '!':
			t.kind = tokNot
			if i+1 < len(s) && s[i+1] == '=' {
				t.kind, t.end = tokNotEq, i+2
			}
		case '(':
			t.kind = tokOpen
		case ')':
			t.kind = tokClose
		case ',':
			t.kind = tokComma
		case '>':
			t.kind = tokGt
		case '<':
			t.kind = tokLt
		}
		l.pos = t.end
		if l.pos < len(s) && s[l.pos] == 0 {
			l.pos++ // upstream reads the NUL as end of input and does not unread it
		}
		return t
	}
	j := i
	for j < len(s) && s[j] != 0 && !isSpecial(s[j]) && !isWhitespace(s[j]) {
		j++
	}
	l.pos = j
	if j < len(s) && s[j] == 0 {
		l.pos++
	}
	t := token{kind: tokIdent, start: i, end: j}
	switch s[i:j] {
	case "in":
		t.kind = tokIn
	case "notin":
		t.kind = tokNotIn
	}
	return t
}
