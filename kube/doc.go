// Package kube speaks Kubernetes to a simulated cluster: it converts between
// svcsim's objects and k8s.io/api's, applies manifests, and serves a
// client-go view of the cluster.
//
// It is a module of its own so that a program importing only svcsim's core
// packages never downloads k8s.io/api, k8s.io/client-go or a YAML library.
package kube
