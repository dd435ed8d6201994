package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"

	"github.com/skillmatch/skillmatch/index"
	"github.com/skillmatch/skillmatch/match"
)

// Error is an API error: the HTTP status and the JSON body
// {"error": message, "code": code}.
type Error struct {
	Status int    `json:"-"`
	Code   string `json:"code"`
	Msg    string `json:"error"`
}

// Error returns the message.
func (e *Error) Error() string { return e.Msg }

// Error codes.
const (
	CodeBadParameter     = "bad_parameter"
	CodeNotFound         = "not_found"
	CodeMethodNotAllowed = "method_not_allowed"
	CodeTooLarge         = "body_too_large"
	CodeUnsupportedType  = "unsupported_media_type"
	CodeUnauthorized     = "unauthorized"
	CodeRateLimited      = "rate_limited"
	CodeTimeout          = "timeout"
	CodeInternal         = "internal"
)

func badParam(format string, a ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Code: CodeBadParameter, Msg: fmt.Sprintf(format, a...)}
}

func notFound(format string, a ...any) *Error {
	return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Msg: fmt.Sprintf(format, a...)}
}

// toError maps errors of the layers below to statuses: unknown IDs 404,
// unanswerable parameters 400, deadlines 504; anything else is ours: 500.
func toError(err error) *Error {
	var ae *Error
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &mbe):
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: CodeTooLarge, Msg: fmt.Sprintf("request body over %d bytes", mbe.Limit)}
	case errors.Is(err, match.ErrNotFound), errors.Is(err, index.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Msg: err.Error()}
	case errors.Is(err, match.ErrBadInput):
		return &Error{Status: http.StatusBadRequest, Code: CodeBadParameter, Msg: err.Error()}
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Status: http.StatusGatewayTimeout, Code: CodeTimeout, Msg: "the request took longer than the server's time limit"}
	case errors.Is(err, context.Canceled):
		return &Error{Status: http.StatusServiceUnavailable, Code: CodeTimeout, Msg: "request cancelled"}
	}
	return &Error{Status: http.StatusInternalServerError, Code: CodeInternal, Msg: "internal error"}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		log.Printf("api: writing response: %v", err)
	}
}

func writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := toError(err)
	if e.Status == http.StatusInternalServerError {
		log.Printf("api: %s %s: %v", r.Method, r.URL.Path, err)
	}
	writeJSON(w, e.Status, e)
}

// handlerFunc is an http handler that returns its error for writeError.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (h handlerFunc) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h(w, r); err != nil {
		writeError(w, r, err)
	}
}
