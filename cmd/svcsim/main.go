// Command svcsim runs kubectl-language scenarios on a simulated cluster.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "svcsim: no scenario language yet")
	os.Exit(2)
}
