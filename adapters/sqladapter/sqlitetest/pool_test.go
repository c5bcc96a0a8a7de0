package sqlitetest_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestPoolDefaults: an adapter given only a URL opens a pool bounded by
// DefaultMaxOpenConns that keeps its connections between requests, so 64
// concurrent session reads neither open more than that nor close and
// reopen connections (database/sql's own defaults keep 2 idle and have no
// bound). Limits set in the Config win.
func TestPoolDefaults(t *testing.T) {
	pg := testsvc.NewPostgres(t)
	tests := []struct {
		name     string
		cfg      sqladapter.Config
		wantOpen int
	}{
		{"URL only", sqladapter.Config{URL: pg.URL, Synchronize: true}, sqladapter.DefaultMaxOpenConns},
		{"MaxOpenConns set", sqladapter.Config{URL: pg.URL, Synchronize: true, MaxOpenConns: 4}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			a, err := sqladapter.Open(ctx, tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close() })
			u, err := a.CreateUser(ctx, &adapter.User{Email: tt.name + "@example.com"})
			if err != nil {
				t.Fatal(err)
			}
			token := "pool-" + u.ID
			if err := a.CreateSession(ctx, &adapter.Session{SessionToken: token, UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			db, err := a.DB(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			for range 64 {
				wg.Go(func() {
					for range 20 {
						if _, _, err := a.GetSessionAndUser(ctx, token); err != nil {
							t.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			st := db.Stats()
			if st.MaxOpenConnections != tt.wantOpen || st.OpenConnections > tt.wantOpen {
				t.Errorf("pool: at most %d open, %d open now; want at most %d", st.MaxOpenConnections, st.OpenConnections, tt.wantOpen)
			}
			if st.MaxIdleClosed != 0 {
				t.Errorf("%d connections closed because too few may stay idle: every burst reconnects", st.MaxIdleClosed)
			}
			t.Logf("%+v", st)
		})
	}
}
