// Package selector implements Kubernetes labels and label selectors.
package selector
