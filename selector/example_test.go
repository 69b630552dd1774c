package selector_test

import (
	"errors"
	"fmt"

	"github.com/svcsim/svcsim/selector"
)

func ExampleParse() {
	sel, err := selector.Parse("tier in (frontend, backend), app = web, !canary, x notin (),version>3")
	if err != nil {
		panic(err)
	}
	// The canonical form sorts requirements by key and set values.
	fmt.Println(sel.String())
	for _, r := range sel.Requirements() {
		fmt.Printf("%s %s %q\n", r.Key, r.Operator, r.Values)
	}
	// Output:
	// app=web,!canary,tier in (backend,frontend),version>3,x notin ()
	// app = ["web"]
	// canary ! []
	// tier in ["backend" "frontend"]
	// version gt ["3"]
	// x notin [""]
}

func ExampleParse_error() {
	_, err := selector.Parse("app=web,tier=-frontend")
	var perr *selector.ParseError
	if errors.As(err, &perr) {
		fmt.Println(perr.Pos, errors.Is(err, selector.ErrInvalidLabel))
	}
	_, err = selector.Parse("x==a==b")
	fmt.Println(err)
	// Output:
	// 13 true
	// selector "x==a==b": offset 4: found '==', expected ',' or end of string
}

func ExampleSelector_Matches() {
	sel := selector.MustParse("app=web,tier in (frontend,backend),!canary")
	fmt.Println(sel.Matches(selector.Set{"app": "web", "tier": "frontend"}))
	fmt.Println(sel.Matches(selector.Set{"app": "web", "tier": "frontend", "canary": "true"}))
	fmt.Println(sel.Matches(selector.Set{"app": "web"}))
	fmt.Println(selector.Everything().Matches(nil), selector.Nothing().Matches(nil))
	// Output:
	// true
	// false
	// false
	// true false
}

func ExampleFromSet() {
	// A Service's selector is a plain map, matched by equality.
	sel := selector.FromSet(selector.Set{"tier": "frontend", "app": "web"})
	fmt.Println(sel.String())
	fmt.Println(sel.Matches(selector.Set{"app": "web", "tier": "frontend", "pod-template-hash": "abc"}))
	fmt.Println(selector.FromSet(nil).Empty())
	// Output:
	// app=web,tier=frontend
	// true
	// true
}

func ExampleSet_String() {
	fmt.Println(selector.Set{"tier": "frontend", "app": "web"})
	// Output: app=web,tier=frontend
}

func ExampleValidateKey() {
	fmt.Println(selector.ValidateKey("example.com/app"))
	fmt.Println(selector.ValidateKey("only/one/slash") != nil)
	fmt.Println(selector.ValidateValue("-web"))
	// Output:
	// <nil>
	// true
	// invalid label value "-web": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')
}

func ExampleIndex() {
	type svc struct{ namespace, name string }
	var ix selector.Index[svc]
	ix.AddSet(svc{"default", "web"}, selector.Set{"app": "web"})
	ix.AddSet(svc{"default", "web-canary"}, selector.Set{"app": "web", "track": "canary"})
	ix.Add(svc{"default", "not-db"}, selector.MustParse("app!=db"))
	ix.AddSet(svc{"default", "db"}, selector.Set{"app": "db"})

	// Reuse one slice across lookups: no allocation once it is big enough.
	var buf []svc
	buf = ix.Matching(selector.Set{"app": "web", "pod-template-hash": "abc"}, buf[:0])
	fmt.Println(buf)
	buf = ix.Matching(selector.Set{"app": "db"}, buf[:0])
	fmt.Println(buf)
	ix.Remove(svc{"default", "web"})
	fmt.Println(ix.Matching(selector.Set{"app": "web", "track": "canary"}, buf[:0]), ix.Len())
	// Output:
	// [{default web} {default not-db}]
	// [{default db}]
	// [{default web-canary} {default not-db}] 3
}
