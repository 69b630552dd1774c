// Package scenario reads and writes svcsim's scenario files: kubectl and
// sim commands, one a line, each optionally followed by the output it is
// expected to print, in the layout of the data-driven test files of
// github.com/cockroachdb/datadriven (used by etcd's raft and CockroachDB):
//
//	# a comment
//	kubectl create deployment web --image=web --replicas=2
//	----
//	deployment.apps/web created
//
//	! kubectl get deployment nope
//	----
//	Error from server (NotFound): deployments.apps "nope" not found
//
// A line starting with "!" expects the command to fail. A command ending
// in "<<WORD" takes the lines up to one holding only WORD as its standard
// input (a shell heredoc). The expected output runs from the "----" line
// to the next blank line; an output that holds blank lines sits between
// two "----" lines and two more, as datadriven writes it.
//
// The format is datadriven's, but not its library: datadriven parses a
// command line as "name key=value..." arguments (kubectl's "-l 'app in
// (a,b)'" or "--" do not fit) and runs only under a testing.T, while
// `svcsim test` compares and rewrites files outside go test. This small
// parser keeps the raw text of everything but the outputs, so a rewrite
// changes the expected outputs and nothing else. FuzzParse checks it never
// panics and that Format reads back as it was written.
package scenario

import (
	"fmt"
	"strings"
)

// Separator introduces a command's expected output.
const Separator = "----"

// Step is one command of a scenario.
type Step struct {
	Line     int    // 1-based line of the command in its file
	Command  string // the command line, without "!" and the heredoc marker
	WantErr  bool   // the line started with "!": the command must fail
	Input    string // the heredoc's body ("" for none), each line ending in "\n"
	HasInput bool   // a heredoc followed the command
	Expected string // the expected output, each line ending in "\n"
	HasOut   bool   // a "----" block followed the command

	raw string // the command and heredoc lines as written
}

// File is a parsed scenario: its steps between the text around them
// (comments and blank lines), kept for Format.
type File struct {
	Name  string
	Steps []Step
	items []item
}

// item is a step (step >= 0) or verbatim text.
type item struct {
	text string
	step int
}

// Error is a malformed scenario: the file and line and what is wrong.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// Parse reads the scenario src, named name in errors.
func Parse(name, src string) (*File, error) {
	lines := splitLines(src)
	f := &File{Name: name}
	for i := 0; i < len(lines); {
		l := lines[i]
		if isText(l) {
			f.addText(l + "\n")
			i++
			continue
		}
		if l == Separator {
			return nil, &Error{name, i + 1, `"----" without a command above it`}
		}
		st := Step{Line: i + 1}
		cmd := strings.TrimSpace(l)
		if rest, ok := strings.CutPrefix(cmd, "!"); ok {
			st.WantErr = true
			cmd = strings.TrimSpace(rest)
			if cmd == "" {
				return nil, &Error{name, i + 1, `"!" without a command`}
			}
		}
		raw := l + "\n"
		i++
		if word, head, ok := heredoc(cmd); ok {
			st.HasInput = true
			cmd = head
			var body strings.Builder
			for {
				if i >= len(lines) {
					return nil, &Error{name, st.Line, fmt.Sprintf("heredoc <<%s: no line %q ends it", word, word)}
				}
				raw += lines[i] + "\n"
				if strings.TrimSpace(lines[i]) == word {
					i++
					break
				}
				body.WriteString(lines[i] + "\n")
				i++
			}
			st.Input = body.String()
		}
		st.Command = cmd
		st.raw = raw
		if i < len(lines) && lines[i] == Separator {
			st.HasOut = true
			var err error
			if st.Expected, i, err = expected(name, lines, i+1); err != nil {
				return nil, err
			}
		}
		f.items = append(f.items, item{step: len(f.Steps)})
		f.Steps = append(f.Steps, st)
	}
	return f, nil
}

// isText reports whether a line is a comment or blank.
func isText(l string) bool {
	t := strings.TrimSpace(l)
	return t == "" || strings.HasPrefix(t, "#")
}

// heredoc splits "cmd ... <<WORD" into WORD and the command before it.
func heredoc(cmd string) (word, head string, ok bool) {
	k := strings.LastIndex(cmd, "<<")
	if k < 0 {
		return "", "", false
	}
	word = strings.Trim(strings.TrimSpace(cmd[k+2:]), `'"`)
	if word == "" || strings.ContainsAny(word, " \t'\"") {
		return "", "", false
	}
	return word, strings.TrimSpace(cmd[:k]), true
}

// expected reads an expected output starting at lines[i]; it returns the
// output and the index of the first line after it (and after the blank
// line that ends it).
func expected(name string, lines []string, i int) (string, int, error) {
	var b strings.Builder
	if i < len(lines) && lines[i] == Separator {
		// The two-separator form: up to a "----" line followed by another.
		start := i
		for i++; ; i++ {
			if i+1 >= len(lines) {
				return "", 0, &Error{name, start + 1, `output opened with "----" twice: no "----" pair closes it`}
			}
			if lines[i] == Separator && lines[i+1] == Separator {
				break
			}
			b.WriteString(lines[i] + "\n")
		}
		i += 2
		if i < len(lines) && lines[i] == "" {
			i++
		}
		return b.String(), i, nil
	}
	for ; i < len(lines) && lines[i] != ""; i++ {
		if lines[i] == Separator {
			return "", 0, &Error{name, i + 1, `"----" inside an output: put the output between "----" pairs`}
		}
		b.WriteString(lines[i] + "\n")
	}
	if i < len(lines) {
		i++ // the blank line that ends it
	}
	return b.String(), i, nil
}

// splitLines splits src into lines without their "\n" (a final line
// without one counts; "\r\n" is read as "\n").
func splitLines(src string) []string {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.TrimSuffix(src, "\n")
	if src == "" {
		return nil
	}
	return strings.Split(src, "\n")
}

func (f *File) addText(t string) {
	if n := len(f.items); n > 0 && f.items[n-1].step < 0 {
		f.items[n-1].text += t
		return
	}
	f.items = append(f.items, item{text: t, step: -1})
}

// Format writes f back with each step's expected output replaced by
// outputs[i] (the step's own Expected where outputs is shorter): comments,
// blank lines and commands stay as written.
func (f *File) Format(outputs []string) string {
	var b strings.Builder
	for k, it := range f.items {
		if it.step < 0 {
			b.WriteString(it.text)
			continue
		}
		st := f.Steps[it.step]
		b.WriteString(st.raw)
		out := st.Expected
		if it.step < len(outputs) {
			out = outputs[it.step]
		}
		if out != "" && !strings.HasSuffix(out, "\n") {
			out += "\n"
		}
		b.WriteString(Separator + "\n")
		if needsDouble(out) {
			b.WriteString(Separator + "\n" + out + Separator + "\n" + Separator + "\n")
		} else {
			b.WriteString(out)
		}
		// A blank line ends the output, unless the text that follows
		// starts with the blank line that stood under a step written
		// without one.
		if k < len(f.items)-1 && (st.HasOut || !strings.HasPrefix(f.items[k+1].text, "\n")) {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// needsDouble reports whether out cannot be written in the one-separator
// form: it holds a blank line, or a line that would read as a separator.
func needsDouble(out string) bool {
	for _, l := range splitLines(out) {
		if l == "" || l == Separator {
			return true
		}
	}
	return false
}
