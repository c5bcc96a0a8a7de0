package sqlstats_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/sqlstats"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// openCounted opens a counting pool of one connection on a fresh
// PostgreSQL schema (internal/testsvc).
func openCounted(t testing.TB) (*sql.DB, *sqlstats.Counter) {
	t.Helper()
	pg := testsvc.NewPostgres(t)
	db, c := sqlstats.OpenDB(pg.DB.Driver(), pg.URL)
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db, c
}

func TestCounts(t *testing.T) {
	ctx := context.Background()
	db, c := openCounted(t)
	tests := []struct {
		name  string
		run   func() error
		stmts int64
		txs   int64
	}{
		{"exec", func() error { _, err := db.ExecContext(ctx, "CREATE TABLE t (x INTEGER)"); return err }, 1, 0},
		{"query row", func() error { var n int; return db.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n) }, 1, 0},
		{"prepared twice", func() error {
			s, err := db.PrepareContext(ctx, "INSERT INTO t VALUES ($1)")
			if err != nil {
				return err
			}
			defer s.Close()
			if _, err := s.ExecContext(ctx, 1); err != nil {
				return err
			}
			_, err = s.ExecContext(ctx, 2)
			return err
		}, 2, 0},
		{"transaction", func() error {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM t WHERE x = $1", 1); err != nil {
				return err
			}
			return tx.Commit()
		}, 1, 1},
		{"failed statement counts", func() error {
			_, err := db.ExecContext(ctx, "INSERT INTO nowhere VALUES (1)")
			if err == nil {
				return fmt.Errorf("insert into a missing table succeeded")
			}
			return nil
		}, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.Reset()
			if err := tt.run(); err != nil {
				t.Fatal(err)
			}
			if got := c.Statements(); got != tt.stmts {
				t.Errorf("Statements() = %d, want %d", got, tt.stmts)
			}
			if got := c.Transactions(); got != tt.txs {
				t.Errorf("Transactions() = %d, want %d", got, tt.txs)
			}
		})
	}
}

// OpenDB wraps the driver of a pool the program already has (here
// PostgreSQL's, from DATABASE_URL); the example is not run, as it needs a
// server. TestCounts runs the same on one.
func ExampleOpenDB() {
	base, err := sql.Open("pgx", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	drv := base.Driver()
	base.Close()

	db, counter := sqlstats.OpenDB(drv, os.Getenv("DATABASE_URL"))
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM users").Scan(&n); err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, "users,", counter.Statements(), "statement")
}
