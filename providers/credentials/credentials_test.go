package credentials

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/providers"
)

func authorizeNobody(context.Context, map[string]string, *http.Request) (*adapter.User, error) {
	return nil, nil
}

func TestNew(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{"defaults", Options{Authorize: authorizeNobody}, ""},
		{"no Authorize", Options{}, "Authorize is nil"},
		{"bad ID", Options{ID: "My Login", Authorize: authorizeNobody}, `ID "My Login"`},
		{"reserved field", Options{Authorize: authorizeNobody, Fields: []providers.Field{{Name: "csrfToken"}}}, "reserved"},
		{"duplicate field", Options{Authorize: authorizeNobody, Fields: []providers.Field{{Name: "a"}, {Name: "a"}}}, "appears twice"},
		{"bad field name", Options{Authorize: authorizeNobody, Fields: []providers.Field{{Name: "a b"}}}, `"a b"`},
		{"unknown identifier field", Options{Authorize: authorizeNobody, IdentifierField: "email"}, `IdentifierField "email"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(tt.opts)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New = %v, %v; want error containing %q", p, err, tt.wantErr)
			}
		})
	}
}

func TestDefaultsAndCopies(t *testing.T) {
	p, err := New(Options{Authorize: authorizeNobody, Fields: []providers.Field{{Name: "email", Type: "email"}, {Name: "code"}}})
	if err != nil {
		t.Fatal(err)
	}
	info := p.Info()
	if info.ID != "credentials" || info.Name != "Credentials" || providers.TypeOf(p) != providers.TypeCredentials {
		t.Fatalf("Info %+v", info)
	}
	if p.IdentifierField() != "email" {
		t.Errorf("IdentifierField %q, want the first field", p.IdentifierField())
	}
	f := p.Fields()
	if f[1].Label != "code" || f[1].Type != "text" {
		t.Errorf("field defaults %+v", f[1])
	}
	f[0].Name = "changed"
	if p.Fields()[0].Name != "email" {
		t.Error("Fields returns the provider's own slice")
	}
	d, _ := New(Options{Authorize: authorizeNobody})
	if got := d.Fields(); len(got) != 2 || got[0].Name != "username" || got[1].Type != "password" {
		t.Errorf("default fields %+v", got)
	}
}

func TestAuthorize(t *testing.T) {
	want := &adapter.User{ID: "u1"}
	p, _ := New(Options{Authorize: func(_ context.Context, c map[string]string, _ *http.Request) (*adapter.User, error) {
		if c["username"] == "u" && c["password"] == "p" {
			return want, nil
		}
		return nil, nil
	}})
	if u, err := p.Authorize(context.Background(), map[string]string{"username": "u", "password": "p"}, nil); u != want || err != nil {
		t.Fatalf("right credentials: %v %v", u, err)
	}
	if u, err := p.Authorize(context.Background(), map[string]string{"username": "u", "password": "x"}, nil); u != nil || err != nil {
		t.Fatalf("wrong credentials: %v %v", u, err)
	}
}
