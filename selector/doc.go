// Package selector implements Kubernetes labels and label selectors: label
// sets ([Set]), the validation rules for label keys and values
// ([ValidateKey], [ValidateValue]), the selector grammar of
// k8s.io/apimachinery/pkg/labels.Parse ([Parse]), matching
// ([Selector.Matches]), the canonical string form ([Selector.String]) and an
// inverted index from selectors to their owners ([Index]) that answers "which
// selectors match this label set" without scanning every selector.
//
// Behaviour follows apimachinery pkg/labels/selector.go and
// pkg/util/validation/validation.go (IsQualifiedName, IsValidLabelValue):
// Parse accepts exactly the strings labels.Parse accepts, and String renders
// a selector byte for byte as labels.Selector.String does.
//
// Values are immutable and safe for concurrent use: a [Selector] never
// changes after it is built and never shares memory with its caller. An
// [Index] is not safe for concurrent mutation; concurrent calls to
// [Index.Matching] with no writer are safe.
//
// Index of the package:
//   - set.go: Set and Set.String / Set.Validate
//   - validate.go: ValidateKey, ValidateValue, LabelError
//   - lexer.go, parse.go: the selector grammar, Parse, ParseError
//   - requirement.go: Operator, Requirement and per-requirement matching
//   - selector.go: Selector, FromSet, Everything, Nothing
//   - index.go: Index, the selector → ID inverted index
package selector
