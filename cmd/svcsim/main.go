// Command svcsim runs kubectl-language scenarios on a simulated
// Kubernetes cluster (github.com/svcsim/svcsim/sim): no cluster, no
// network, the same output every run.
//
//	svcsim                        a REPL on a fresh cluster
//	svcsim run [--html OUT] FILE...  run scenario files, print what a terminal shows
//	svcsim test [-rewrite] FILE...   compare (or rewrite) each command's expected output
//
// A scenario is kubectl's own commands, flags and output (get, describe,
// create deployment, run, expose, scale, rollout, set image, label,
// delete, exec, apply) and the simulation's verbs under "sim" (advance,
// settle, fail, recover, crash, traffic, events, check, config). Its
// file format is described in package scenario; `svcsim help` lists the
// language.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the command: its arguments and standard streams in, exit
// status out.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return repl(stdin, stdout, stderr)
	}
	switch args[0] {
	case "run":
		fs := subcommand("run", "[--html FILE]", stderr)
		html := fs.String("html", "", "also write an interactive timeline of the run to this HTML `file`")
		if !parseScenarios(fs, args[1:]) {
			return 2
		}
		return report(stderr, runFiles(fs.Args(), *html, stdout, stderr))
	case "test":
		fs := subcommand("test", "[-rewrite]", stderr)
		rewrite := fs.Bool("rewrite", false, "rewrite each command's expected output with what it printed")
		if !parseScenarios(fs, args[1:]) {
			return 2
		}
		failures := 0
		for _, name := range fs.Args() {
			diffs, err := testFile(name, *rewrite)
			if err != nil {
				fmt.Fprintf(stderr, "svcsim: %v\n", err)
				failures++
				continue
			}
			for _, d := range diffs {
				fmt.Fprintln(stderr, d)
			}
			if len(diffs) > 0 {
				failures++
				continue
			}
			fmt.Fprintf(stdout, "ok   %s\n", name)
		}
		if failures > 0 {
			fmt.Fprintf(stdout, "FAIL %d of %d files\n", failures, fs.NArg())
			return 1
		}
		return 0
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "svcsim: unknown command %q\n%s", args[0], usage)
	return 2
}

// subcommand returns the flag set of `svcsim name`, whose usage line
// shows flags before the scenario files.
func subcommand(name, flags string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("svcsim "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: svcsim %s %s SCENARIO...\n", name, flags)
		fs.PrintDefaults()
	}
	return fs
}

// parseScenarios parses a subcommand's arguments and reports whether they
// name at least one scenario file; if not, it has printed why.
func parseScenarios(fs *flag.FlagSet, args []string) bool {
	if err := fs.Parse(args); err != nil {
		return false
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return false
	}
	return true
}

// report prints a run's error, if any, and returns the exit status.
func report(stderr io.Writer, err error) int {
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "svcsim: %v\n", err)
	var st *stepError
	if errors.As(err, &st) && st.code != 0 {
		return st.code
	}
	return 1
}

const usage = `usage:
  svcsim                            a REPL on a fresh simulated cluster (type help)
  svcsim run [--html FILE] FILE...  run scenario files, printing what a terminal shows
  svcsim test [-rewrite] FILE...    check (or rewrite) each command's expected output
`
