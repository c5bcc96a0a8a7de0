package gormadapter_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/mysql"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/gatehouse-go/gatehouse/adapters/gormadapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// backend is one database the tests run on through GORM.
type backend struct {
	name string
	// sqlType is the database's sqladapter.Config.Type.
	sqlType string
	// open returns a *gorm.DB on a fresh, empty database.
	open func(t testing.TB) *gorm.DB
}

var gormConfig = func() *gorm.Config {
	return &gorm.Config{Logger: logger.Discard, TranslateError: true}
}

func sqliteDSN(t testing.TB) string {
	return filepath.Join(t.TempDir(), "auth.db") +
		"?_pragma=foreign_keys(1)&_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_txlock=immediate"
}

var backends = []backend{
	{"sqlite", "sqlite", func(t testing.TB) *gorm.DB {
		return openGorm(t, sqlite.Open(sqliteDSN(t)))
	}},
	{"postgres", "postgres", func(t testing.TB) *gorm.DB {
		pg := testsvc.NewPostgres(t)
		return openGorm(t, postgres.New(postgres.Config{Conn: pg.DB}))
	}},
	{"mariadb", "mariadb", func(t testing.TB) *gorm.DB {
		my := testsvc.NewMySQL(t)
		return openGorm(t, mysql.New(mysql.Config{Conn: my.DB, SkipInitializeWithVersion: true}))
	}},
}

// openGorm opens GORM on a dialector; a pool GORM opened itself is closed
// at cleanup (pools from testsvc close themselves).
func openGorm(t testing.TB, d gorm.Dialector) *gorm.DB {
	t.Helper()
	db, err := gorm.Open(d, gormConfig())
	if err != nil {
		t.Fatalf("gorm.Open: %v", err)
	}
	t.Cleanup(func() {
		if _, ok := d.(*sqlite.Dialector); ok {
			if sqlDB, err := db.DB(); err == nil {
				sqlDB.Close()
			}
		}
	})
	return db
}

// openAdapter is gormadapter.Open with a timeout; it fails the test.
func openAdapter(t testing.TB, db *gorm.DB, opts gormadapter.Options) *gormadapter.Adapter {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a, err := gormadapter.Open(ctx, db, opts)
	if err != nil {
		t.Fatalf("gormadapter.Open: %v", err)
	}
	return a
}

// openSQL opens sqladapter on the same connection pool as db.
func openSQL(t testing.TB, db *gorm.DB, typ string, cfg sqladapter.Config) *sqladapter.Adapter {
	t.Helper()
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	cfg.DB, cfg.Type = sqlDB, typ
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a, err := sqladapter.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("sqladapter.Open: %v", err)
	}
	return a
}
