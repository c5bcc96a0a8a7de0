package gatehouse

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/jwt"
)

func TestTokenCache(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	key := func(s string) [sha256.Size]byte { return sha256.Sum256([]byte(s)) }
	entry := func(sub string) cachedToken {
		return cachedToken{claims: jwt.Claims{"sub": sub}, from: t0, until: t0.Add(time.Hour)}
	}
	tests := []struct {
		name string
		at   time.Time
		hit  bool
	}{
		{"when cached", t0, true},
		{"before exp", t0.Add(time.Hour - time.Nanosecond), true},
		{"at exp", t0.Add(time.Hour), false},
		{"after exp", t0.Add(2 * time.Hour), false},
		{"clock set back", t0.Add(-time.Second), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTokenCache(0)
			c.put(key("tok"), entry("a"))
			e, ok := c.get(key("tok"), tt.at)
			if ok != tt.hit {
				t.Fatalf("hit = %v, want %v", ok, tt.hit)
			}
			if ok && e.claims.Subject() != "a" {
				t.Fatalf("claims %v", e.claims)
			}
			if _, still := c.entries[key("tok")]; still != tt.hit {
				t.Fatalf("entry kept: %v, want %v (stale entries are dropped)", still, tt.hit)
			}
			if _, ok := c.get(key("other"), t0); ok {
				t.Fatal("hit for a token never cached")
			}
		})
	}

	t.Run("bounded", func(t *testing.T) {
		c := newTokenCache(0)
		for i := range tokenCacheSize + 100 {
			c.put(key(fmt.Sprint(i)), entry(fmt.Sprint(i)))
			if len(c.entries) > tokenCacheSize {
				t.Fatalf("%d entries after %d puts, bound %d", len(c.entries), i+1, tokenCacheSize)
			}
		}
		last := fmt.Sprint(tokenCacheSize + 99)
		if e, ok := c.get(key(last), t0); !ok || e.claims.Subject() != last {
			t.Fatal("the newest entry was evicted")
		}
		// Replacing an entry of a full cache evicts nothing.
		c.put(key(last), entry("again"))
		if len(c.entries) != tokenCacheSize {
			t.Fatalf("%d entries after a replacement", len(c.entries))
		}
	})
}

// TestJWTCacheKeepsChecks reads one token repeatedly, so that later reads
// are cache hits, and checks that the time checks still apply to them.
func TestJWTCacheKeepsChecks(t *testing.T) {
	const (
		base = "http://site.example/api/auth"
		name = "authjs.session-token"
	)
	clk := newClock()
	a, _ := jwtAuth(t, base, clk)
	tok, err := newCodec(t, jwt.V5, name, clk.Now, testSecret).Encode(jwt.Claims{"sub": "u1", "email": "u1@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	cookie := &http.Cookie{Name: name, Value: tok}
	read := func(wantSession bool) {
		t.Helper()
		rec := getSession(a, base, cookie)
		body := strings.TrimSpace(rec.Body.String())
		if got := body != "null"; got != wantSession {
			t.Fatalf("at %v: session %v (%s), want %v", clk.Now(), got, body, wantSession)
		}
		if !wantSession && !strings.Contains(rec.Header().Get("Set-Cookie"), name+"=;") {
			t.Fatalf("rejected cookie not cleared: %q", rec.Header().Values("Set-Cookie"))
		}
	}
	read(true)
	read(true)
	// A clock set back before "iat" minus the tolerance: not yet valid,
	// although the token is cached.
	clk.Advance(-time.Minute)
	read(false)
	clk.Advance(time.Minute)
	read(true)
	// Past "exp" but within the 15 s tolerance: still valid (decoded, not
	// cached); past the tolerance: expired.
	clk.Advance(DefaultMaxAge + 10*time.Second)
	read(true)
	clk.Advance(10 * time.Second)
	read(false)
}

// TestJWTCacheCallbacksGetCopies checks that a Session callback that
// changes the token it is given cannot change what later reads of the
// same (cached) token see.
func TestJWTCacheCallbacksGetCopies(t *testing.T) {
	const (
		base = "http://site.example/api/auth"
		name = "authjs.session-token"
	)
	clk := newClock()
	a, _ := jwtAuth(t, base, clk, func(c *Config) {
		c.Callbacks.Session = func(ctx context.Context, p SessionParams) (*Session, error) {
			s := *p.Session
			s.User.Email, _ = p.Token["email"].(string)
			p.Token["email"] = "changed@example.com"
			delete(p.Token, "sub")
			return &s, nil
		}
	})
	tok, err := newCodec(t, jwt.V5, name, clk.Now, testSecret).Encode(jwt.Claims{"sub": "u1", "email": "u1@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		rec := getSession(a, base, &http.Cookie{Name: name, Value: tok})
		var s struct{ User struct{ ID, Email string } }
		if err := json.Unmarshal(rec.Body.Bytes(), &s); err != nil {
			t.Fatalf("read %d: %v (%s)", i, err, rec.Body)
		}
		if s.User.Email != "u1@example.com" || s.User.ID != "u1" {
			t.Fatalf("read %d: user %+v, want the token's (a callback changed the cached claims)", i, s.User)
		}
	}
}
