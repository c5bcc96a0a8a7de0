package gatehouse_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/credentials"
)

// This example keeps sessions in an encrypted cookie (JWT sessions, the
// default without an adapter), as Auth.js does. The JWT callback adds the
// user's role to the token at sign-in; the Session callback shows it in
// the session.
func Example_jwtSessions() {
	login, err := credentials.New(credentials.Options{
		Authorize: func(ctx context.Context, c map[string]string, r *http.Request) (*adapter.User, error) {
			if c["username"] == "alice" && c["password"] == "wonderland" { // check a password hash in real code
				return &adapter.User{ID: "42", Name: "Alice", Email: "alice@example.com"}, nil
			}
			return nil, nil
		},
	})
	if err != nil {
		log.Fatal(err)
	}

	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()

	auth, err := gatehouse.New(gatehouse.Config{
		Secrets:   []string{"an example secret of at least thirty-two bytes"},
		URL:       srv.URL + "/api/auth",
		Providers: []providers.Provider{login},
		Callbacks: gatehouse.Callbacks{
			JWT: func(ctx context.Context, p gatehouse.JWTParams) (map[string]any, error) {
				if p.Trigger == gatehouse.TriggerSignIn {
					p.Token["role"] = "admin" // from your own records, in real code
				}
				return p.Token, nil
			},
			Session: func(ctx context.Context, p gatehouse.SessionParams) (*gatehouse.Session, error) {
				p.Session.Extra = map[string]any{"role": p.Token["role"]}
				return p.Session, nil
			},
		},
		Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		log.Fatal(err)
	}
	mux.Handle("/api/auth/", auth)

	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	res, _ := browser.Get(srv.URL + "/api/auth/csrf")
	var csrf struct{ CSRFToken string }
	_ = json.NewDecoder(res.Body).Decode(&csrf)
	res.Body.Close()
	res, _ = browser.PostForm(srv.URL+"/api/auth/callback/credentials", url.Values{
		"csrfToken": {csrf.CSRFToken}, "username": {"alice"}, "password": {"wonderland"}, "callbackUrl": {"/api/auth/session"},
	})
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	fmt.Print(string(body))

	u, _ := url.Parse(srv.URL)
	for _, c := range jar.Cookies(u) {
		if c.Name == "authjs.session-token" {
			// A JWE: protected header, (empty) key, IV, ciphertext, tag.
			parts := strings.Split(c.Value, ".")
			raw, _ := base64.RawURLEncoding.DecodeString(parts[0])
			var h struct{ Alg, Enc string }
			_ = json.Unmarshal(raw, &h)
			fmt.Println(c.Name, len(parts), "parts:", h.Alg, h.Enc)
		}
	}
	// Output:
	// {"expires":"2026-01-31T00:00:00.000Z","role":"admin","user":{"id":"42","name":"Alice","email":"alice@example.com","image":null}}
	// authjs.session-token 5 parts: dir A256CBC-HS512
}
