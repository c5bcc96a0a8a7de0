package main

import (
	"context"
	"os"
)

// run is the whole command: here `gatehouse migrate` creates the default
// schema in an in-memory SQLite database and reports what it created.
func Example_migrate() {
	code := run(context.Background(), []string{"migrate", "--database", "sqlite::memory:"}, os.Stdout, os.Stderr, os.Getenv)
	_ = code
	// Output:
	// Migrated to the default schema: 5 tables created, 7 indexes created.
}
