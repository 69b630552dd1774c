package shell

import (
	"fmt"
	"net/netip"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/svcsim/svcsim/sim"
)

// simConfig is `sim config KEY=VALUE...`: fields of sim.Config by name,
// case-insensitive (Seed=42 Nodes=5 ProxyDelay=2s), set before the
// cluster is made by the first other command. The whole line is checked
// before any field changes.
func (s *Session) simConfig(args []string) error {
	if s.c != nil {
		return s.fail("error: sim config must come before the first command that uses the cluster")
	}
	if len(args) == 0 {
		return s.fail("error: usage: sim config KEY=VALUE... (keys: %s)", strings.Join(configKeys(), ", "))
	}
	cfg := s.cfg
	v := reflect.ValueOf(&cfg).Elem()
	for _, a := range args {
		key, val, ok := strings.Cut(a, "=")
		if !ok {
			return s.fail("error: sim config: %q is not KEY=VALUE", a)
		}
		fv, ok := configField(v, key)
		if !ok {
			return s.fail("error: sim config: unknown key %q (keys: %s)", key, strings.Join(configKeys(), ", "))
		}
		if err := setField(fv, val); err != nil {
			return s.fail("error: sim config: %s: %v", key, err)
		}
	}
	s.cfg = cfg
	return nil
}

// configField finds a settable field by name, ignoring case.
func configField(v reflect.Value, key string) (reflect.Value, bool) {
	t := v.Type()
	for i := range t.NumField() {
		if strings.EqualFold(t.Field(i).Name, key) && settable(t.Field(i).Type) {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

var (
	durationType = reflect.TypeFor[time.Duration]()
	prefixType   = reflect.TypeFor[netip.Prefix]()
)

// settable reports whether sim config can set a field of type t.
func settable(t reflect.Type) bool {
	switch {
	case t == durationType, t == prefixType:
		return true
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int64, reflect.String, reflect.Bool:
		return true
	}
	return false
}

// configKeys names the fields sim config can set.
func configKeys() []string {
	var out []string
	t := reflect.TypeFor[sim.Config]()
	for i := range t.NumField() {
		if settable(t.Field(i).Type) {
			out = append(out, t.Field(i).Name)
		}
	}
	return out
}

// setField parses val into f.
func setField(f reflect.Value, val string) error {
	switch f.Type() {
	case durationType:
		d, err := time.ParseDuration(val)
		if err != nil {
			return fmt.Errorf("invalid duration %q", val)
		}
		f.SetInt(int64(d))
		return nil
	case prefixType:
		p, err := netip.ParsePrefix(val)
		if err != nil {
			return fmt.Errorf("invalid CIDR %q", val)
		}
		f.Set(reflect.ValueOf(p))
		return nil
	}
	switch f.Kind() {
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(val, 10, 64)
		if err != nil {
			return fmt.Errorf("invalid number %q", val)
		}
		f.SetInt(n)
	case reflect.Bool:
		b, err := strconv.ParseBool(val)
		if err != nil {
			return fmt.Errorf("invalid boolean %q", val)
		}
		f.SetBool(b)
	case reflect.String:
		f.SetString(val)
	}
	return nil
}
