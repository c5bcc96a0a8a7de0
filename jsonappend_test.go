package gatehouse

import (
	"encoding/json"
	"testing"
	"time"
)

// referenceSessionJSON is what json.Marshal writes for a session without
// Extra: the output appendJSON must match byte for byte.
func referenceSessionJSON(t testing.TB, s *Session) string {
	t.Helper()
	b, err := json.Marshal(struct {
		User    SessionUser `json:"user"`
		Expires string      `json:"expires"`
	}{s.User, s.Expires.UTC().Format(sessionExpiresLayout)})
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
	want := `{"expires":"2026-01-02T03:04:05.006Z","role":"admin","user":{"id":"1","name":"\u003cb\u003e"}}`
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
