package shell

import (
	"fmt"
	"strconv"
	"strings"
)

// flagSet parses a command's flags as kubectl's (cobra's pflag) do:
// "--name=value", "--name value", "-n value", "-nvalue", bool flags
// ("--force", "--force=false", "-A", combined "-it"), flags anywhere among
// the arguments, and "--" ending them.
type flagSet struct {
	cmd     string // e.g. "kubectl get", for usage lines
	bools   map[string]*bool
	strs    map[string]*string
	short   map[byte]string
	seen    map[string]bool
	args    []string // the positional arguments
	dash    []string // what follows "--"
	hasDash bool
}

func newFlags(cmd string) *flagSet {
	return &flagSet{cmd: cmd, bools: map[string]*bool{}, strs: map[string]*string{},
		short: map[byte]string{}, seen: map[string]bool{}}
}

func (f *flagSet) Bool(name string, short byte) *bool {
	v := new(bool)
	f.bools[name] = v
	if short != 0 {
		f.short[short] = name
	}
	return v
}

func (f *flagSet) String(name string, short byte, def string) *string {
	v := &def
	f.strs[name] = v
	if short != 0 {
		f.short[short] = name
	}
	return v
}

// Set reports whether the flag was given.
func (f *flagSet) Set(name string) bool { return f.seen[name] }

// usage is cobra's line after a flag error.
func (f *flagSet) usage() string { return fmt.Sprintf("See '%s --help' for usage.", f.cmd) }

func (f *flagSet) Parse(args []string) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			f.hasDash = true
			f.dash = args[i+1:]
			return nil
		case strings.HasPrefix(a, "--"):
			name, val, hasVal := strings.Cut(a[2:], "=")
			if b, ok := f.bools[name]; ok {
				v := true
				if hasVal {
					var err error
					if v, err = strconv.ParseBool(val); err != nil {
						return fmt.Errorf("invalid argument %q for %q flag: %v", val, a[:2+len(name)], err)
					}
				}
				*b = v
				f.seen[name] = true
				continue
			}
			s, ok := f.strs[name]
			if !ok {
				return fmt.Errorf("unknown flag: --%s", name)
			}
			if !hasVal {
				if i+1 >= len(args) {
					return fmt.Errorf("flag needs an argument: --%s", name)
				}
				i++
				val = args[i]
			}
			*s = val
			f.seen[name] = true
		case strings.HasPrefix(a, "-") && len(a) > 1:
			for k := 1; k < len(a); k++ {
				name, ok := f.short[a[k]]
				if !ok {
					return fmt.Errorf("unknown shorthand flag: '%c' in %s", a[k], a)
				}
				f.seen[name] = true
				if b, ok := f.bools[name]; ok {
					*b = true
					continue
				}
				val := strings.TrimPrefix(a[k+1:], "=")
				if val == "" {
					if i+1 >= len(args) {
						return fmt.Errorf("flag needs an argument: '%c' in -%c", a[k], a[k])
					}
					i++
					val = args[i]
				}
				*f.strs[name] = val
				break
			}
		default:
			f.args = append(f.args, a)
		}
	}
	return nil
}

// Int returns the value of a numeric string flag, or an error in
// pflag's words.
func (f *flagSet) Int(name string) (int, error) {
	s := *f.strs[name]
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("invalid argument %q for \"--%s\" flag: strconv.ParseInt: parsing %q: invalid syntax", s, name, s)
	}
	return n, nil
}
