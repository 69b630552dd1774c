package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
)

// TestReadmeShowsThisFile keeps the README's quick start and this program
// identical, so the README's code always compiles.
func TestReadmeShowsThisFile(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	// The README omits the package doc comment.
	code := string(src[bytes.Index(src, []byte("package main")):])
	if !strings.Contains(string(readme), "```go\n"+code+"```") {
		t.Error("the README's quick start differs from examples/quickstart/main.go")
	}
}

// TestPrintsWhatItSays runs main and compares its output with the comment
// under the Println.
func TestPrintsWhatItSays(t *testing.T) {
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	_, after, _ := strings.Cut(string(src), "fmt.Println(")
	_, comment, _ := strings.Cut(after, "// ")
	want, _, _ := strings.Cut(comment, "\n")

	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	main()
	os.Stdout = stdout
	w.Close()
	got, _ := io.ReadAll(r)
	if strings.TrimSpace(string(got)) != want {
		t.Errorf("quick start prints %q, its comment says %q", strings.TrimSpace(string(got)), want)
	}
}
