package sqlitetest_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/sqlstats"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// countedAdapter opens an adapter on a fresh database of the backend
// through a statement-counting pool.
func countedAdapter(b *testing.B, backend string) (*sqladapter.Adapter, *sqlstats.Counter) {
	b.Helper()
	var drvName, dsn, typ string
	switch backend {
	case "sqlite-memory":
		drvName, dsn, typ = "sqlite", ":memory:", "sqlite"
	case "sqlite-file":
		drvName, typ = "sqlite", "sqlite"
		dsn = "file:" + filepath.Join(b.TempDir(), "auth.db") + "?_busy_timeout=10000&_txlock=immediate&_journal_mode=WAL"
	case "postgres":
		drvName, dsn, typ = "pgx", testsvc.NewPostgres(b).URL, "postgres"
	case "mariadb":
		drvName, dsn, typ = "mysql", testsvc.NewMySQL(b).DSN, "mariadb"
	}
	base, err := sql.Open(drvName, dsn)
	if err != nil {
		b.Fatal(err)
	}
	drv := base.Driver()
	base.Close()
	db, counter := sqlstats.OpenDB(drv, dsn)
	if backend == "sqlite-memory" {
		db.SetMaxOpenConns(1)
	}
	b.Cleanup(func() { db.Close() })
	a := open(b, sqladapter.Config{Type: typ, DB: db})
	return a, counter
}

var benchBackends = []string{"sqlite-memory", "sqlite-file", "postgres", "mariadb"}

// run times fn b.N times and reports statements per call.
func run(b *testing.B, c *sqlstats.Counter, fn func(i int) error) {
	b.Helper()
	b.ReportAllocs()
	c.Reset()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := fn(i); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(c.Statements())/float64(b.N), "stmts/op")
}

func benchUser(b *testing.B, a *sqladapter.Adapter) *adapter.User {
	b.Helper()
	ctx := context.Background()
	u, err := a.CreateUser(ctx, &adapter.User{Email: "bench@example.com", Name: "Bench"})
	if err != nil {
		b.Fatal(err)
	}
	if err := a.LinkAccount(ctx, &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "github", ProviderAccountID: "1"}); err != nil {
		b.Fatal(err)
	}
	return u
}

func BenchmarkGetSessionAndUser(b *testing.B) {
	for _, be := range benchBackends {
		b.Run(be, func(b *testing.B) {
			ctx := context.Background()
			a, c := countedAdapter(b, be)
			u := benchUser(b, a)
			if err := a.CreateSession(ctx, &adapter.Session{SessionToken: "bench-session", UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
				b.Fatal(err)
			}
			run(b, c, func(int) error {
				_, _, err := a.GetSessionAndUser(ctx, "bench-session")
				return err
			})
		})
	}
}

func BenchmarkCreateSession(b *testing.B) {
	for _, be := range benchBackends {
		b.Run(be, func(b *testing.B) {
			ctx := context.Background()
			a, c := countedAdapter(b, be)
			u := benchUser(b, a)
			exp := time.Now().Add(time.Hour)
			run(b, c, func(i int) error {
				return a.CreateSession(ctx, &adapter.Session{SessionToken: "s" + strconv.Itoa(i), UserID: u.ID, Expires: exp})
			})
		})
	}
}

func BenchmarkUseVerificationToken(b *testing.B) {
	for _, be := range benchBackends {
		b.Run(be, func(b *testing.B) {
			ctx := context.Background()
			a, c := countedAdapter(b, be)
			exp := time.Now().Add(time.Hour)
			for i := 0; i < b.N; i++ {
				if err := a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "bench@example.com", Token: "t" + strconv.Itoa(i), Expires: exp}); err != nil {
					b.Fatal(err)
				}
			}
			run(b, c, func(i int) error {
				_, err := a.UseVerificationToken(ctx, "bench@example.com", "t"+strconv.Itoa(i))
				return err
			})
			b.ReportMetric(float64(c.Transactions())/float64(b.N), "txs/op")
		})
	}
}

// BenchmarkSignIn is the returning-user OAuth sign-in path: find the user
// by the provider account, then create a session.
func BenchmarkSignIn(b *testing.B) {
	for _, be := range benchBackends {
		b.Run(be, func(b *testing.B) {
			ctx := context.Background()
			a, c := countedAdapter(b, be)
			benchUser(b, a)
			exp := time.Now().Add(time.Hour)
			run(b, c, func(i int) error {
				u, err := a.GetUserByAccount(ctx, "github", "1")
				if err != nil {
					return err
				}
				return a.CreateSession(ctx, &adapter.Session{SessionToken: "s" + strconv.Itoa(i), UserID: u.ID, Expires: exp})
			})
		})
	}
}
