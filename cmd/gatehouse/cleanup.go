package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// defaultBatch is cleanup's default --batch: small enough that each DELETE
// holds its locks briefly while the app serves.
const defaultBatch = 1000

func runCleanup(ctx context.Context, args []string, stdout, _ io.Writer, getenv env) error {
	fs := newFlagSet("cleanup", "--database URL [--schema PRESET] [--batch N]",
		"Cleanup deletes expired sessions and verification tokens, at most N of each per\n"+
			"statement, printing a line per batch and the totals. Each batch is its own short\n"+
			"statement, so it is safe to run while the app serves (for example from cron).", stdout)
	dbFlag := fs.String("database", "", "database URL (default $DATABASE_URL)")
	preset := fs.String("schema", "", "schema preset of the database: default, nextauth-v3, authjs or authjs-prisma (default: the URL's schema= parameter, else default)")
	batch := fs.Int("batch", defaultBatch, "rows of each kind deleted per statement (1 or more)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *batch < 1 {
		return usagef("--batch %d: give a number of rows of 1 or more", *batch)
	}
	a, err := cleanupStore(ctx, *dbFlag, *preset, getenv)
	if err != nil {
		return err
	}
	defer a.Close()
	sessions, tokens, err := cleanExpired(ctx, a, time.Now(), *batch, stdout)
	if err != nil {
		return fmt.Errorf("stopped after deleting %d sessions and %d verification tokens: %w", sessions, tokens, err)
	}
	fmt.Fprintf(stdout, "Deleted %s and %s.\n", plural(int(sessions), "expired session", "expired sessions"), plural(int(tokens), "expired verification token", "expired verification tokens"))
	return nil
}

// cleanExpired calls DeleteExpired until a batch deletes fewer than batch rows
// of each kind, printing a progress line per batch, and returns the totals.
// Rows that expire after now are kept, so sessions in use are never touched.
func cleanExpired(ctx context.Context, c adapter.ExpiredCleaner, now time.Time, batch int, progress io.Writer) (sessions, tokens int64, err error) {
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return sessions, tokens, err
		}
		s, t, err := c.DeleteExpired(ctx, now, batch)
		sessions += s
		tokens += t
		if err != nil {
			return sessions, tokens, err
		}
		fmt.Fprintf(progress, "batch %d: deleted %d sessions and %d verification tokens (total %d and %d)\n", n, s, t, sessions, tokens)
		if s < int64(batch) && t < int64(batch) {
			return sessions, tokens, nil
		}
	}
}
