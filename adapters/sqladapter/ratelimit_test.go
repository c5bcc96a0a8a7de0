package sqladapter_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

func TestRateLimitStore(t *testing.T) {
	tests := []struct {
		typ  string
		open func(t *testing.T) *sql.DB
	}{
		{"postgres", func(t *testing.T) *sql.DB { return testsvc.NewPostgres(t).DB }},
		{"mysql", func(t *testing.T) *sql.DB { return testsvc.NewMySQL(t).DB }},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			RunRateLimitStoreSQL(t, tt.open(t), tt.typ)
		})
	}
}

// RunRateLimitStoreSQL runs the conformance suite on a fresh table of db
// and checks DeleteExpired.
func RunRateLimitStoreSQL(t *testing.T, db *sql.DB, typ string) {
	t.Helper()
	ctx := context.Background()
	s, err := sqladapter.NewRateLimitStore(db, typ, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateTable(ctx); err != nil {
		t.Fatalf("CreateTable twice: %v", err)
	}
	adaptertest.RunRateLimitStore(t, s)
	if _, err := s.AddCount(ctx, "short", 1, time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if n, err := s.DeleteExpired(ctx); err != nil || n < 1 {
		t.Fatalf("DeleteExpired: %d, %v", n, err)
	}
}

func TestNewRateLimitStoreErrors(t *testing.T) {
	db, _ := sql.Open("pgx", "postgres://127.0.0.1:1/x")
	t.Cleanup(func() { db.Close() })
	tests := []struct{ name, typ, table string }{
		{"unknown type", "oracle", ""},
		{"bad table", "postgres", "a; DROP TABLE users"},
	}
	for _, tt := range tests {
		if _, err := sqladapter.NewRateLimitStore(db, tt.typ, tt.table); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
	if _, err := sqladapter.NewRateLimitStore(nil, "postgres", ""); err == nil {
		t.Error("nil db accepted")
	}
}

// BenchmarkRateLimitAddCount counts one failure per op on PostgreSQL (the
// upsert of a sign-in's failed attempt).
func BenchmarkRateLimitAddCount(b *testing.B) {
	ctx := context.Background()
	s, err := sqladapter.NewRateLimitStore(testsvc.NewPostgres(b).DB, "postgres", "")
	if err != nil {
		b.Fatal(err)
	}
	if err := s.CreateTable(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.AddCount(ctx, "bench", 1, time.Minute); err != nil {
			b.Fatal(err)
		}
	}
}
