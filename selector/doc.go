// Package selector implements Kubernetes labels and label selectors: the
// label sets that pods carry, the selectors that Services and Deployments use
// to pick pods, and an index that tells which of many selectors match a
// label set without scanning them all.
//
//	sel, err := selector.Parse("app=web,tier in (frontend,backend)")
//	if err != nil {
//		return err // a *ParseError naming the offset and the reason
//	}
//	sel.Matches(selector.Set{"app": "web", "tier": "frontend"}) // true
//	sel.String()                                                // "app=web,tier in (backend,frontend)"
//
// The runnable examples of [Parse], [Selector.Matches] and [Index] show more.
//
// [Parse] accepts exactly the strings apimachinery's labels.Parse accepts,
// with its lexer's quirks (k8s.io/apimachinery pkg/labels/selector.go,
// Parse), and [Selector.String] renders a selector byte for byte as
// labels.Selector.String does: requirements sorted by key, set values
// sorted. Label keys and values are checked as IsQualifiedName and
// IsValidLabelValue check them (k8s.io/apimachinery
// pkg/util/validation/validation.go).
//
// # Label sets
//
//   - [Set]: a pod's labels, or a Service's equality-only selector;
//     [Set.Validate], [Set.String], [Set.Clone].
//   - [ValidateKey], [ValidateValue] and the limits [MaxNameLength],
//     [MaxPrefixLength], [MaxValueLength]; errors are [*LabelError] values
//     wrapping [ErrInvalidLabel].
//
// # Selectors
//
//   - [Parse] and [MustParse] read the selector grammar; errors are
//     [*ParseError] values that keep the input and the byte offset.
//   - [FromSet] builds the equality-only selector of a Service's selector
//     map; [Everything] matches every label set, [Nothing] none.
//   - [Selector.Matches], [Selector.String], [Selector.Equal],
//     [Selector.Empty], [Selector.Requirements]; a [Requirement] is a key,
//     an [Operator] and its values.
//
// # Index
//
//   - [Index] maps IDs (Service keys, say) to selectors and answers
//     [Index.Matching]: the IDs whose selector matches a label set, in time
//     that grows with the label set and the matches, not with the number of
//     selectors stored.
//
// # Concurrency
//
// A [Selector] never changes after it is built and shares no memory with
// its caller: it is safe for concurrent use. An [Index] is not safe for
// concurrent mutation; concurrent [Index.Matching] calls with no writer are
// safe.
package selector
