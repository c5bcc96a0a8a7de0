package gatehouse

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
)

// referenceSessionJSON is what json.Marshal writes for a session without
// Extra: the output appendJSON must match byte for byte.
func referenceSessionJSON(t testing.TB, s *Session) string {
	t.Helper()
	orNull := func(v string) *string {
		if v == "" {
			return nil
		}
		return &v
	}
	type user struct {
		ID    string  `json:"id,omitempty"`
		Name  *string `json:"name"`
		Email *string `json:"email"`
		Image *string `json:"image"`
	}
	u := s.User
	b, err := json.Marshal(struct {
		User    user   `json:"user"`
		Expires string `json:"expires"`
	}{user{u.ID, orNull(u.Name), orNull(u.Email), orNull(u.Image)}, s.Expires.UTC().Format(sessionExpiresLayout)})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSessionAppendJSONMatchesEncodingJSON(t *testing.T) {
	exp := time.Date(2026, 12, 27, 17, 18, 39, 843_000_000, time.FixedZone("x", 3600))
	tests := []struct {
		name string
		user SessionUser
		exp  time.Time
	}{
		{"all fields", SessionUser{ID: "u1", Name: "Ada", Email: "ada@example.com", Image: "https://example.com/a.png?x=1&y=2"}, exp},
		{"empty user", SessionUser{}, exp},
		{"id only", SessionUser{ID: "00000000-bench-user-0000000000000005"}, exp},
		{"email only", SessionUser{Email: "e@example.com"}, exp},
		{"html and quotes", SessionUser{Name: `<script>alert("x")</script> & \ back`}, exp},
		{"control characters", SessionUser{Name: "a\x00b\x01\x1f\b\f\n\r\tc\x7f"}, exp},
		{"invalid UTF-8", SessionUser{Name: "a\xffb\xc3", Email: "\xed\xa0\x80"}, exp},
		{"line separators", SessionUser{Name: "a\u2028b\u2029c"}, exp},
		{"non-ASCII", SessionUser{Name: "Zoë 李 🙂"}, exp},
		{"zero time", SessionUser{ID: "1"}, time.Time{}},
		{"year 10000", SessionUser{ID: "1"}, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"negative year", SessionUser{ID: "1"}, time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"no milliseconds", SessionUser{ID: "1"}, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Session{User: tt.user, Expires: tt.exp}
			got, err := s.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			if want := referenceSessionJSON(t, s); string(got) != want {
				t.Errorf("MarshalJSON = %s\nwant (encoding/json) %s", got, want)
			}
		})
	}
}

func TestSessionMarshalJSONExtra(t *testing.T) {
	s := &Session{User: SessionUser{ID: "1", Name: "<b>"}, Expires: time.Date(2026, 1, 2, 3, 4, 5, 6_000_000, time.UTC),
		Extra: map[string]any{"role": "admin", "user": "ignored", "expires": "ignored"}}
	got, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"expires":"2026-01-02T03:04:05.006Z","role":"admin","user":{"id":"1","name":"\u003cb\u003e","email":null,"image":null}}`
	if string(got) != want {
		t.Errorf("MarshalJSON = %s, want %s", got, want)
	}
}

// FuzzSessionAppendJSON checks the hand-written session JSON against
// encoding/json for any user strings (they come from the database, which
// sign-in fills from provider profiles) and any expiry.
func FuzzSessionAppendJSON(f *testing.F) {
	f.Add("u1", "Ada", "ada@example.com", "https://x/a.png", int64(1798391919843))
	f.Add("", "<&>\"\\", "\x00\x1f\u2028", "\xff\xfe", int64(0))
	f.Add("李", "🙂", "\ufffd", "\u2029", int64(-62135596800001))
	f.Fuzz(func(t *testing.T, id, name, email, image string, ms int64) {
		s := &Session{User: SessionUser{ID: id, Name: name, Email: email, Image: image}, Expires: time.UnixMilli(ms)}
		got, err := s.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if want := referenceSessionJSON(t, s); string(got) != want {
			t.Fatalf("MarshalJSON = %q\nwant (encoding/json) %q", got, want)
		}
		if !json.Valid(got) {
			t.Fatalf("MarshalJSON wrote invalid JSON %q", got)
		}
	})
}

// TestSessionGETResponse checks the session read's response as a browser
// sees it: Auth.js's no-cache headers, the JSON and its newline, no cookie
// when no refresh is due, and a refreshed cookie when one is.
func TestSessionGETResponse(t *testing.T) {
	tests := []struct {
		name       string
		age        time.Duration // how long ago the session was extended
		csrfCookie bool
		wantCookie bool
	}{
		{"fresh", 0, false, false},
		{"fresh with a CSRF cookie", 0, true, false},
		{"refresh due", 25 * time.Hour, false, true},
		{"refresh due with a CSRF cookie", 25 * time.Hour, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			store := memory.New()
			a, err := New(Config{Secrets: []string{testSecret}, URL: "https://site.example/api/auth", Adapter: store, Logger: discardLogger()})
			if err != nil {
				t.Fatal(err)
			}
			u, err := store.CreateUser(ctx, &adapter.User{Name: "Zoë <Z>", Email: "z@example.com"})
			if err != nil {
				t.Fatal(err)
			}
			exp := time.Now().Add(DefaultMaxAge - tt.age).Truncate(time.Millisecond)
			req := sessionRequest(t, a, store, u, exp, tt.csrfCookie)
			rec := httptest.NewRecorder()
			a.ServeHTTP(rec, req)
			res := rec.Result()
			for k, want := range map[string]string{
				"Content-Type":  "application/json",
				"Cache-Control": "private, no-cache, no-store",
				"Expires":       "0",
				"Pragma":        "no-cache",
			} {
				if got := res.Header.Values(k); len(got) != 1 || got[0] != want {
					t.Errorf("header %s = %q, want %q", k, got, want)
				}
			}
			var cookies []string
			for _, c := range res.Cookies() {
				cookies = append(cookies, c.Name)
			}
			refreshed := len(cookies) == 1 && cookies[0] == "__Secure-authjs.session-token"
			if refreshed != tt.wantCookie || (!tt.wantCookie && len(cookies) != 0) {
				t.Errorf("cookies set = %v, want the session cookie: %t", cookies, tt.wantCookie)
			}
			body := rec.Body.String()
			if !strings.HasSuffix(body, "}\n") || strings.Count(body, "\n") != 1 {
				t.Errorf("body %q: want one JSON object and a newline", body)
			}
			var got struct {
				User    SessionUser `json:"user"`
				Expires time.Time   `json:"expires"`
			}
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatalf("body %q: %v", body, err)
			}
			if got.User.ID != u.ID || got.User.Name != "Zoë <Z>" || got.User.Email != "z@example.com" {
				t.Errorf("user = %+v", got.User)
			}
			if !tt.wantCookie && !got.Expires.Equal(exp) {
				t.Errorf("expires = %v, want %v (no refresh)", got.Expires, exp)
			}
			if tt.wantCookie && !got.Expires.After(exp.Add(tt.age-time.Minute)) {
				t.Errorf("expires = %v, want extended from %v", got.Expires, exp)
			}
		})
	}
}
