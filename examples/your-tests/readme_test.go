package yourtests

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestReadmeShowsTheseTests keeps the README's "Use it in your tests"
// section and these files identical, so its code always compiles and
// passes.
func TestReadmeShowsTheseTests(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"testify_test.go", "rapid_test.go"} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		code := string(src[bytes.Index(src, []byte("package yourtests")):])
		if !strings.Contains(string(readme), "```go\n"+code+"```") {
			t.Errorf("the README's \"Use it in your tests\" differs from examples/your-tests/%s", file)
		}
	}
}
