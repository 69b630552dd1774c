package shell

import (
	"fmt"
	"strings"
)

// words splits a command line as a POSIX shell does for simple commands:
// blanks separate words; single quotes keep everything literally; double
// quotes keep blanks, with \" \\ \$ and \` escaped; a backslash outside
// quotes escapes the next character. No expansion of any kind.
func words(line string) ([]string, error) {
	var out []string
	var b strings.Builder
	in := false // inside a word
	for i := 0; i < len(line); i++ {
		ch := line[i]
		switch {
		case ch == ' ' || ch == '\t':
			if in {
				out = append(out, b.String())
				b.Reset()
				in = false
			}
		case ch == '\'':
			in = true
			j := strings.IndexByte(line[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unexpected EOF while looking for matching `''")
			}
			b.WriteString(line[i+1 : i+1+j])
			i += j + 1
		case ch == '"':
			in = true
			i++
			for ; i < len(line) && line[i] != '"'; i++ {
				if line[i] == '\\' && i+1 < len(line) && strings.IndexByte("\"\\$`", line[i+1]) >= 0 {
					i++
				}
				b.WriteByte(line[i])
			}
			if i >= len(line) {
				return nil, fmt.Errorf("unexpected EOF while looking for matching `\"'")
			}
		case ch == '\\':
			in = true
			if i+1 < len(line) {
				i++
				b.WriteByte(line[i])
			}
		default:
			in = true
			b.WriteByte(ch)
		}
	}
	if in {
		out = append(out, b.String())
	}
	return out, nil
}
