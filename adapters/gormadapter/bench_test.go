package gormadapter_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	gosqlite "github.com/glebarez/go-sqlite"
	"github.com/glebarez/sqlite"
	mysqldrv "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/mysql"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/gormadapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/sqlstats"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// countedDB is one database opened through the statement-counting driver,
// with GORM and both adapters on the same pool.
type countedDB struct {
	counter *sqlstats.Counter
	gorm    *gormadapter.Adapter
	sql     *sqladapter.Adapter
}

func openCounted(b *testing.B, backend string) *countedDB {
	b.Helper()
	var (
		drv       driver.Driver
		dsn, typ  string
		dialector func(*sql.DB) gorm.Dialector
	)
	switch backend {
	case "sqlite":
		drv, typ = &gosqlite.Driver{}, "sqlite"
		dsn = filepath.Join(b.TempDir(), "bench.db") + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_txlock=immediate"
		dialector = func(db *sql.DB) gorm.Dialector { return &sqlite.Dialector{Conn: db} }
	case "postgres":
		drv, typ = stdlib.GetDefaultDriver(), "postgres"
		dsn = testsvc.NewPostgres(b).URL
		dialector = func(db *sql.DB) gorm.Dialector { return postgres.New(postgres.Config{Conn: db}) }
	case "mariadb":
		drv, typ = &mysqldrv.MySQLDriver{}, "mariadb"
		dsn = testsvc.NewMySQL(b).DSN
		dialector = func(db *sql.DB) gorm.Dialector {
			return mysql.New(mysql.Config{Conn: db, SkipInitializeWithVersion: true})
		}
	}
	sqlDB, counter := sqlstats.OpenDB(drv, dsn)
	b.Cleanup(func() { sqlDB.Close() })
	gdb, err := gorm.Open(dialector(sqlDB), gormConfig())
	if err != nil {
		b.Fatal(err)
	}
	g := openAdapter(b, gdb, gormadapter.Options{AutoMigrate: true})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := sqladapter.Open(ctx, sqladapter.Config{DB: sqlDB, Type: typ})
	if err != nil {
		b.Fatal(err)
	}
	return &countedDB{counter: counter, gorm: g, sql: s}
}

var benchBackends = []string{"sqlite", "postgres", "mariadb"}

// report adds statements and transactions per call to the benchmark's
// output.
func report(b *testing.B, c *sqlstats.Counter) {
	b.ReportMetric(float64(c.Statements())/float64(b.N), "stmts/op")
	b.ReportMetric(float64(c.Transactions())/float64(b.N), "txs/op")
}

// BenchmarkGetSessionAndUser reads one session and its user, with
// gormadapter and with sqladapter on the same database and pool.
func BenchmarkGetSessionAndUser(b *testing.B) {
	for _, backend := range benchBackends {
		b.Run(backend, func(b *testing.B) {
			db := openCounted(b, backend)
			ctx := context.Background()
			u, err := db.gorm.CreateUser(ctx, &adapter.User{Email: "bench@example.com", Name: "Bench"})
			if err != nil {
				b.Fatal(err)
			}
			tok := adapter.NewID()
			if err := db.gorm.CreateSession(ctx, &adapter.Session{SessionToken: tok, UserID: u.ID, Expires: time.Now().Add(time.Hour)}); err != nil {
				b.Fatal(err)
			}
			for _, impl := range []struct {
				name string
				a    adapter.Adapter
			}{{"gormadapter", db.gorm}, {"sqladapter", db.sql}} {
				b.Run(impl.name, func(b *testing.B) {
					b.ReportAllocs()
					db.counter.Reset()
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						if _, _, err := impl.a.GetSessionAndUser(ctx, tok); err != nil {
							b.Fatal(err)
						}
					}
					b.StopTimer()
					report(b, db.counter)
				})
			}
		})
	}
}

// BenchmarkUseVerificationToken uses one stored token per iteration (the
// tokens are created before the timer starts).
func BenchmarkUseVerificationToken(b *testing.B) {
	for _, backend := range benchBackends {
		b.Run(backend, func(b *testing.B) {
			db := openCounted(b, backend)
			ctx := context.Background()
			for _, impl := range []struct {
				name string
				a    adapter.Adapter
			}{{"gormadapter", db.gorm}, {"sqladapter", db.sql}} {
				b.Run(impl.name, func(b *testing.B) {
					prefix := adapter.NewID()
					exp := time.Now().Add(time.Hour)
					for i := 0; i < b.N; i++ {
						if err := impl.a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "bench@example.com", Token: prefix + strconv.Itoa(i), Expires: exp}); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportAllocs()
					db.counter.Reset()
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						if _, err := impl.a.UseVerificationToken(ctx, "bench@example.com", prefix+strconv.Itoa(i)); err != nil {
							b.Fatal(err)
						}
					}
					b.StopTimer()
					report(b, db.counter)
				})
			}
		})
	}
}
