package gatehouse_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
)

// printTracer is a gatehouse.Tracer that prints each span as it ends,
// indented under its parent.
type printTracer struct{}

type depthKey struct{}

func (printTracer) Start(ctx context.Context, name string, attrs ...gatehouse.Attr) (context.Context, gatehouse.Span) {
	depth, _ := ctx.Value(depthKey{}).(int)
	return context.WithValue(ctx, depthKey{}, depth+1), printSpan{name: name, depth: depth, attrs: attrs}
}

type printSpan struct {
	name  string
	depth int
	attrs []gatehouse.Attr
}

func (s printSpan) End(err error, attrs ...gatehouse.Attr) {
	fmt.Printf("%*s%s", 2*s.depth, "", s.name)
	for _, a := range append(s.attrs, attrs...) {
		fmt.Printf(" %s=%s", a.Key, a.Value)
	}
	fmt.Printf(" err=%v\n", err)
}

// ExampleTracer shows the spans of a session read: the request's, and its
// store call's as a child. contrib/otelgatehouse.NewTracer is the
// OpenTelemetry Tracer.
func ExampleTracer() {
	store := memory.New()
	auth, err := gatehouse.New(gatehouse.Config{
		Secrets: []string{"a-secret-of-at-least-thirty-two-characters"},
		URL:     "https://app.example/api/auth",
		Adapter: store,
	})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	user, _ := store.CreateUser(ctx, &adapter.User{Email: "ada@example.com"})
	signIn := httptest.NewRecorder()
	if err := auth.SignIn(signIn, httptest.NewRequest("GET", "https://app.example/", nil), user); err != nil {
		panic(err)
	}

	traced, err := gatehouse.New(gatehouse.Config{
		Secrets: []string{"a-secret-of-at-least-thirty-two-characters"},
		URL:     "https://app.example/api/auth",
		Adapter: store,
		Tracer:  printTracer{},
	})
	if err != nil {
		panic(err)
	}
	req := httptest.NewRequest("GET", "https://app.example/api/auth/session", nil)
	for _, c := range signIn.Result().Cookies() {
		req.AddCookie(c)
	}
	traced.ServeHTTP(httptest.NewRecorder(), req)
	// Output:
	//   gatehouse.store.call method=GetSessionAndUser result=ok err=<nil>
	// gatehouse.request http.request.method=GET action=session http.response.status_code=200 outcome=success err=<nil>
}
