package kube

// The cluster's errors as the API server returns them.

import (
	"errors"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/svcsim/svcsim/pod"
	"github.com/svcsim/svcsim/sim"
)

// apiError maps an error of the cluster (or of a conversion into svcsim)
// to the API server's: NotFound, AlreadyExists, Invalid with one cause
// per field error, Forbidden; anything else is an internal error (500).
func apiError(k *kindInfo, name string, err error) error {
	gr := k.gvr.GroupResource()
	switch {
	case errors.Is(err, sim.ErrNotFound):
		return apierrors.NewNotFound(gr, name)
	case errors.Is(err, sim.ErrAlreadyExists):
		return apierrors.NewAlreadyExists(gr, name)
	case errors.Is(err, sim.ErrForbidden):
		return apierrors.NewForbidden(gr, name, err)
	case errors.Is(err, ErrUnsupported), errors.Is(err, sim.ErrInvalid), errors.Is(err, pod.ErrInvalid):
		return apierrors.NewInvalid(schema.GroupKind{Group: k.gvr.Group, Kind: k.kind}, name, fieldErrors(err))
	}
	return apierrors.NewInternalError(err)
}

// fieldErrors returns err's field errors (pod.FieldError, as svcsim's
// validation reports them) as apimachinery's; an error without one
// becomes one cause naming no field.
func fieldErrors(err error) field.ErrorList {
	var out field.ErrorList
	var list pod.ErrorList
	var one *pod.FieldError
	switch {
	case errors.As(err, &list):
		for _, e := range list {
			out = append(out, fieldError(e))
		}
	case errors.As(err, &one):
		out = append(out, fieldError(one))
	default:
		out = append(out, &field.Error{Type: field.ErrorTypeInvalid, Detail: err.Error()})
	}
	return out
}

// errorTypes maps svcsim's field error types to apimachinery's.
var errorTypes = map[pod.ErrorType]field.ErrorType{
	pod.ErrorTypeRequired:     field.ErrorTypeRequired,
	pod.ErrorTypeInvalid:      field.ErrorTypeInvalid,
	pod.ErrorTypeDuplicate:    field.ErrorTypeDuplicate,
	pod.ErrorTypeNotSupported: field.ErrorTypeNotSupported,
	pod.ErrorTypeForbidden:    field.ErrorTypeForbidden,
	pod.ErrorTypeTooLong:      field.ErrorTypeTooLong,
}

func fieldError(e *pod.FieldError) *field.Error {
	t, ok := errorTypes[e.Type]
	if !ok {
		t = field.ErrorTypeInvalid
	}
	return &field.Error{Type: t, Field: e.Field, BadValue: e.Value, Detail: e.Detail}
}
