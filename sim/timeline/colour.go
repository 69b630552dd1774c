package timeline

import (
	"fmt"
	"strconv"
)

// palette colours ReplicaSets in order of first appearance (a colour-blind
// safe set, Okabe–Ito).
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C6D1F", "#000000"}

const (
	svcColour  = "#1b2a4a"
	okColour   = "#1a9850"
	failColour = "#d73027"
	gridColour = "#d9d9d9"
	keyColour  = "#555555" // pod lines in the legend
	markColour = "#444444" // numbered step markers
	breakFill  = "#f7f7f7" // a squeezed stretch: #f2f2f2 at 60% on white
	breakGrid  = "#e8e8e8" // a grid line seen through that shade
	fade       = 0.3       // how much of its colour a Terminating pod keeps
	// The first family is quoted: ImageMagick's renderer splits a list at
	// spaces, so only a quoted name with spaces in it survives.
	monoFont = "'DejaVu Sans Mono', Menlo, Consolas, monospace"
	sansFont = "'DejaVu Sans', Helvetica, Arial, sans-serif"
)

// tint returns c, one of the #rrggbb colours above, as it looks drawn at
// opacity a on white. The picture uses it instead of opacity attributes,
// which ImageMagick's renderer ignores.
func tint(c string, a float64) string {
	v, _ := strconv.ParseUint(c[1:], 16, 32)
	ch := func(shift uint) int { return int(a*float64(v>>shift&0xff) + (1-a)*255 + 0.5) }
	return fmt.Sprintf("#%02x%02x%02x", ch(16), ch(8), ch(0))
}
