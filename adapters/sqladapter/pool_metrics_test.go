package sqladapter_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
	"github.com/gatehouse-go/gatehouse/metrics/promtext"
)

// holdConns opens the Adapter's pool on PostgreSQL (max_open_conns=5 in
// the URL) and takes n connections from it, released at cleanup.
func holdConns(t *testing.T, n int) *sqladapter.Adapter {
	t.Helper()
	pg := testsvc.NewPostgres(t)
	ctx := t.Context()
	a, err := sqladapter.Open(ctx, sqladapter.Config{URL: pg.URL + "&max_open_conns=5", Synchronize: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	db, err := a.DB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
	}
	return a
}

// TestPoolMetricsPrometheus holds connections of a real PostgreSQL pool
// busy and reads the pool's figures in the Prometheus text.
func TestPoolMetricsPrometheus(t *testing.T) {
	const busy = 3
	a := holdConns(t, busy)
	var r promtext.Registry
	r.ObservePool(a.Stats, gatehouse.Attr{Key: "db", Value: "postgres"})
	var b strings.Builder
	if err := r.Write(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		fmt.Sprintf(`gatehouse_db_pool_connections_in_use{db="postgres"} %d`, busy),
		fmt.Sprintf(`gatehouse_db_pool_connections_open{db="postgres"} %d`, busy),
		`gatehouse_db_pool_connections_idle{db="postgres"} 0`,
		`gatehouse_db_pool_connections_max{db="postgres"} 5`,
		`gatehouse_db_pool_waits_total{db="postgres"} 0`,
	} {
		if !strings.Contains(b.String(), want+"\n") {
			t.Errorf("missing %q in:\n%s", want, b.String())
		}
	}
}

// TestAdapterStatsBeforeInit: Stats never opens the pool.
func TestAdapterStatsBeforeInit(t *testing.T) {
	a := sqladapter.New(sqladapter.Config{URL: "postgres://nobody@127.0.0.1:1/none"})
	if got := a.Stats(); got != (sql.DBStats{}) {
		t.Errorf("Stats before Init = %+v, want zero", got)
	}
}
