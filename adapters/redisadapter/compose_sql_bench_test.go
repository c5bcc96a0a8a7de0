package redisadapter_test

import (
	"database/sql"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapters/compose"
	"github.com/gatehouse-go/gatehouse/adapters/redisadapter"
	"github.com/gatehouse-go/gatehouse/adapters/sessioncache"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/sqlstats"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// countedPostgres opens a SQL adapter on a fresh PostgreSQL schema through a
// statement-counting pool.
func countedPostgres(b *testing.B) (*sqladapter.Adapter, *sqlstats.Counter) {
	b.Helper()
	dsn := testsvc.NewPostgres(b).URL
	base, err := sql.Open("pgx", dsn)
	if err != nil {
		b.Fatal(err)
	}
	drv := base.Driver()
	base.Close()
	db, counter := sqlstats.OpenDB(drv, dsn)
	b.Cleanup(func() { db.Close() })
	return openSQL(b, sqladapter.Config{Type: "postgres", DB: db}), counter
}

// BenchmarkGetSessionAndUserPostgres compares GetSessionAndUser on
// PostgreSQL alone, on PostgreSQL (users) + Redis (sessions), and on that
// composition behind sessioncache. Round trips count SQL statements and
// Redis commands or pipelines.
func BenchmarkGetSessionAndUserPostgres(b *testing.B) {
	b.Run("postgres", func(b *testing.B) {
		a, c := countedPostgres(b)
		benchGet(b, a, c.Statements)
	})
	b.Run("postgres+redis", func(b *testing.B) {
		rt := new(redisadapter.RoundTrips)
		users, c := countedPostgres(b)
		r := redisadapter.ForTest(b, redisadapter.Options{}, rt)
		comp, err := compose.New(compose.Parts{Users: users, Sessions: r, Tokens: r})
		if err != nil {
			b.Fatal(err)
		}
		benchGet(b, comp, c.Statements, rt.Count)
	})
	b.Run("sessioncache-hit/postgres+redis", func(b *testing.B) {
		rt := new(redisadapter.RoundTrips)
		users, c := countedPostgres(b)
		r := redisadapter.ForTest(b, redisadapter.Options{}, rt)
		comp, err := compose.New(compose.Parts{Users: users, Sessions: r, Tokens: r})
		if err != nil {
			b.Fatal(err)
		}
		cached, err := sessioncache.New(comp, sessioncache.Options{TTL: 1 << 62})
		if err != nil {
			b.Fatal(err)
		}
		benchGet(b, cached, c.Statements, rt.Count)
	})
}
