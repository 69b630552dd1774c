package kube

// Small helpers of the conversions: pointers and UIDs.

import (
	"slices"
	"strings"

	"github.com/google/uuid"
)

// ptr returns a pointer to a copy of v.
func ptr[T any](v T) *T { return &v }

// clonePtr returns a pointer to a copy of *p, nil for nil.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// deref returns *p, the zero value for nil.
func deref[T any](p *T) T {
	var v T
	if p != nil {
		v = *p
	}
	return v
}

// uidString returns u as metadata.uid, "" for the zero UUID.
func uidString(u uuid.UUID) string {
	if u == (uuid.UUID{}) {
		return ""
	}
	return u.String()
}

// parseUID reads metadata.uid.
func parseUID(s string) (uuid.UUID, error) { return uuid.Parse(s) }

// sortByName sorts s by the name key returns.
func sortByName[T any](s []T, key func(T) string) {
	slices.SortFunc(s, func(a, b T) int { return strings.Compare(key(a), key(b)) })
}
