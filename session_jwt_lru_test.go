package gatehouse

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/jwt"
)

// TestTokenCacheLRU checks that a full cache evicts the least recently
// used token (a read counts as a use) and that its counters add up.
func TestTokenCacheLRU(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	key := func(s string) [sha256.Size]byte { return sha256.Sum256([]byte(s)) }
	entry := cachedToken{claims: jwt.Claims{"sub": "x"}, from: t0, until: t0.Add(time.Hour)}
	tests := []struct {
		name    string
		reads   []string // read after putting a, b, c
		put     string
		evicted string
	}{
		{"no reads: oldest goes", nil, "d", "a"},
		{"read a: b goes", []string{"a"}, "d", "b"},
		{"read a, b: c goes", []string{"a", "b"}, "d", "c"},
		{"re-put of a cached key evicts nothing", nil, "b", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTokenCache(3)
			for _, k := range []string{"a", "b", "c"} {
				c.put(key(k), entry)
			}
			for _, k := range tt.reads {
				if _, ok := c.get(key(k), t0); !ok {
					t.Fatalf("miss on %s", k)
				}
			}
			c.put(key(tt.put), entry)
			for _, k := range []string{"a", "b", "c", "d"} {
				_, held := c.entries[key(k)]
				want := k != tt.evicted && (k != "d" || tt.put == "d")
				if held != want {
					t.Errorf("%s held: %v, want %v", k, held, want)
				}
			}
			st := c.snapshot()
			wantEv := uint64(1)
			if tt.evicted == "" {
				wantEv = 0
			}
			if st.Hits != uint64(len(tt.reads)) || st.Misses != 0 || st.Evictions != wantEv || st.Entries != 3 || st.Size != 3 {
				t.Errorf("stats %+v, want %d hits, 0 misses, %d evictions, 3 of 3 entries", st, len(tt.reads), wantEv)
			}
		})
	}
}

// TestJWTCacheSizeAndStats reads sessions through the handler with a
// configured cache size and checks the counters JWTCacheStats reports and
// the lookups counted through the Metrics hook (MetricCacheLookups).
func TestJWTCacheSizeAndStats(t *testing.T) {
	const (
		base = "http://site.example/api/auth"
		name = "authjs.session-token"
	)
	tests := []struct {
		name           string
		size           int
		tokens, rounds int
		wantOK         bool
		wantHits       uint64
		wantMisses     uint64
		wantEntries    int
	}{
		// 2 tokens in a cache of 4: the first round misses, later ones hit.
		{"fits", 4, 2, 3, true, 4, 2, 2},
		// 3 tokens read in turn through a cache of 2: LRU evicts the next
		// one every time, so every read misses.
		{"cyclic scan over a small cache", 2, 3, 2, true, 0, 6, 2},
		{"disabled", -1, 2, 2, false, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			m := &recordingMetrics{counts: map[string]int64{}, records: map[string]int{}}
			a, _ := jwtAuth(t, base, clk, func(c *Config) { c.Session.JWTCacheSize = tt.size; c.Metrics = m })
			codec := newCodec(t, jwt.V5, name, clk.Now, testSecret)
			var toks []string
			for i := range tt.tokens {
				tok, err := codec.Encode(jwt.Claims{"sub": fmt.Sprint("u", i)})
				if err != nil {
					t.Fatal(err)
				}
				toks = append(toks, tok)
			}
			for range tt.rounds {
				for _, tok := range toks {
					if rec := getSession(a, base, &http.Cookie{Name: name, Value: tok}); rec.Code != http.StatusOK || rec.Body.String() == "null" {
						t.Fatalf("read: %d %s", rec.Code, rec.Body)
					}
				}
			}
			st, ok := a.JWTCacheStats()
			if ok != tt.wantOK || st.Hits != tt.wantHits || st.Misses != tt.wantMisses || st.Entries != tt.wantEntries {
				t.Fatalf("JWTCacheStats = %+v, %v; want ok %v, %d hits, %d misses, %d entries",
					st, ok, tt.wantOK, tt.wantHits, tt.wantMisses, tt.wantEntries)
			}
			m.mu.Lock()
			defer m.mu.Unlock()
			hits, misses := m.counts["gatehouse.cache.lookups cache=jwt result=hit"], m.counts["gatehouse.cache.lookups cache=jwt result=miss"]
			if hits != int64(tt.wantHits) || misses != int64(tt.wantMisses) {
				t.Errorf("MetricCacheLookups: %d hits, %d misses; want %d, %d (all: %v)", hits, misses, tt.wantHits, tt.wantMisses, m.counts)
			}
		})
	}
}
