package gatehouse

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// Tracer starts the spans of gatehouse's work, for a tracing system such
// as OpenTelemetry (set Config.Tracer; otelgatehouse.NewTracer maps it to
// an OpenTelemetry TracerProvider). Like Metrics it is small and generic
// so that the core depends on no tracing library: each span is a name
// (the Span* constants) with attributes. Start returns ctx carrying the
// new span, so that spans started with it (the store calls of a request)
// are its children. Implementations must be safe for concurrent use;
// gatehouse never passes secrets, tokens, user names or addresses as
// attributes. A nil Config.Tracer traces nothing and costs nothing.
type Tracer interface {
	// Start starts the span name as a child of the span in ctx, if any.
	Start(ctx context.Context, name string, attrs ...Attr) (context.Context, Span)
}

// Span is an operation started by a Tracer.
type Span interface {
	// End ends the span. err is the operation's failure, or nil; attrs
	// are attributes known only at the end (such as the outcome).
	End(err error, attrs ...Attr)
}

// The spans gatehouse starts, with their attributes.
const (
	// SpanRequest is a request to the REST API (Auth.ServeHTTP): at the
	// start http.request.method; at the end action (such as "session",
	// "callback"; empty for an unknown path), provider (the provider id
	// of signin, callback and webauthn-options routes),
	// http.response.status_code, outcome ("success"; "failure": the
	// user's failure, such as a wrong password or an expired link, or a
	// 4xx answer, with no error; "unavailable": the store was, with its
	// error; "error": the site's failure, Auth.js's Configuration code or
	// a 5xx answer, with its cause as End's error) and error.type (the
	// Auth.js error code of a failed sign-in or callback, such as
	// "CredentialsSignin").
	SpanRequest = "gatehouse.request"
	// SpanStoreCall is a call to the adapter (every method of the adapter
	// contract, and InTx): method (such as "GetSessionAndUser"); at the end
	// result ("ok", "not_found", "conflict", "error", "unavailable"), with
	// the call's error (adapter.ErrNotFound is an answer, not an error).
	SpanStoreCall = "gatehouse.store.call"
)

// tracedRequest is the response writer of a traced request: it holds the
// request span and notes the status and the failure to end it with.
type tracedRequest struct {
	http.ResponseWriter
	span        Span
	r           *http.Request // the request with the span in its context
	status      int
	action, arg string
	failure     error
	hasProvider bool // arg is a provider id
}

// traceRequest starts the request span of r.
func (a *Auth) traceRequest(w http.ResponseWriter, r *http.Request) *tracedRequest {
	ctx, span := a.cfg.Tracer.Start(r.Context(), SpanRequest, Attr{"http.request.method", r.Method})
	return &tracedRequest{ResponseWriter: w, span: span, r: r.WithContext(ctx)}
}

// route notes the route found for the request.
func (t *tracedRequest) route(action, arg string) {
	t.action, t.arg = action, arg
	switch action {
	case "signin", "callback", "webauthn-options":
		t.hasProvider = arg != ""
	}
}

// end ends the request span with the outcome.
func (t *tracedRequest) end() {
	status := t.status
	if status == 0 {
		status = http.StatusOK // nothing written: net/http answers 200
	}
	outcome, err := "success", t.failure
	var code ErrorCode
	switch {
	case errors.Is(err, ErrStoreUnavailable):
		outcome = "unavailable"
	case err != nil && codeOf(err) == CodeConfiguration:
		// A failure of the site (its configuration, its store, a bug):
		// the span is in error.
		outcome, code = "error", CodeConfiguration
	case err != nil:
		// The user's (a wrong password, an expired link, a denied
		// account): an outcome, not an error of the service.
		outcome, code, err = "failure", codeOf(err), nil
	case status >= 500:
		outcome, err = "error", fmt.Errorf("gatehouse: answered %d %s", status, http.StatusText(status))
	case status >= 400:
		outcome = "failure"
	}
	attrs := []Attr{{"action", t.action}, {"http.response.status_code", strconv.Itoa(status)}, {"outcome", outcome}}
	if code != "" {
		attrs = append(attrs, Attr{"error.type", string(code)})
	}
	if t.hasProvider {
		attrs = append(attrs, Attr{"provider", t.arg})
	}
	t.span.End(err, attrs...)
}

// noteFailure notes the failure of a traced request, for its span; w may
// be any writer.
func noteFailure(w http.ResponseWriter, err error) {
	if t, ok := w.(*tracedRequest); ok && err != nil {
		t.failure = err
	}
}

func (t *tracedRequest) WriteHeader(code int) {
	if t.status == 0 {
		t.status = code
	}
	t.ResponseWriter.WriteHeader(code)
}

func (t *tracedRequest) Write(b []byte) (int, error) {
	if t.status == 0 {
		t.status = http.StatusOK
	}
	return t.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (t *tracedRequest) Unwrap() http.ResponseWriter { return t.ResponseWriter }

// storeSpan starts the span of a store call, when tracing.
func (b *boundedAdapter) storeSpan(ctx context.Context, method string) (context.Context, Span) {
	if b.tracer == nil {
		return ctx, nil
	}
	return b.tracer.Start(ctx, SpanStoreCall, Attr{"method", method})
}
