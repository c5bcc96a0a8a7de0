package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	// The three SQL drivers the command speaks: SQLite (pure Go, embedded),
	// PostgreSQL and MySQL/MariaDB.
	_ "github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}
