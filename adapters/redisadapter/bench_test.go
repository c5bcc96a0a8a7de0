package redisadapter

import (
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// BenchmarkGetSessionAndUser measures GetSessionAndUser against the real
// server, on the single-server path (one Lua script) and on the Cluster path
// (two commands), and reports round trips per call counted by a go-redis
// hook.
func BenchmarkGetSessionAndUser(b *testing.B) {
	for _, bc := range []struct {
		name   string
		single bool
	}{{"single", true}, {"cluster-path", false}} {
		b.Run(bc.name, func(b *testing.B) {
			a, rdb := newTestAdapter(b, Options{})
			a.single = bc.single
			u, err := a.CreateUser(ctx, &adapter.User{Name: "Ada", Email: "ada@example.com", Extra: map[string]any{"role": "admin"}})
			if err != nil {
				b.Fatal(err)
			}
			tok := "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
			if err := a.CreateSession(ctx, &adapter.Session{SessionToken: tok, UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
				b.Fatal(err)
			}
			if _, _, err := a.GetSessionAndUser(ctx, tok); err != nil { // loads the script
				b.Fatal(err)
			}
			rt := &RoundTrips{}
			rdb.AddHook(rt)
			b.ResetTimer()
			for b.Loop() {
				if _, _, err := a.GetSessionAndUser(ctx, tok); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rt.n.Load())/float64(b.N), "roundtrips/op")
		})
	}
}
