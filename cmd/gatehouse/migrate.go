package main

import (
	"context"
	"fmt"
	"io"
	"strings"
)

func runMigrate(ctx context.Context, args []string, stdout, _ io.Writer, getenv env) error {
	fs := newFlagSet("migrate", "--database URL [--schema PRESET] [--dry-run]",
		"Migrate creates the tables, columns, indexes and foreign keys the database lacks\nfor the schema "+
			"preset. It never drops or changes anything; running it twice changes nothing.\n"+
			"With --dry-run it prints the SQL it would run and changes nothing.", stdout)
	dbFlag := fs.String("database", "", "database URL: sqlite:FILE, sqlite::memory:, postgres://user:pass@host:5432/db, mysql://user:pass@host:3306/db (default $DATABASE_URL)")
	preset := fs.String("schema", "", "schema preset: default, nextauth-v3 (share a NextAuth.js v3 database), authjs or authjs-prisma (share an Auth.js database) (default: the URL's schema= parameter, else default)")
	dryRun := fs.Bool("dry-run", false, "print the SQL instead of running it")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, name, err := maintenanceAdapter(*dbFlag, *preset, getenv)
	if err != nil {
		return err
	}
	defer a.Close()

	pctx, cancel := context.WithTimeout(ctx, connectTimeout)
	plan, err := a.Plan(pctx)
	cancel()
	if err != nil {
		return fmt.Errorf("cannot read the database's schema: %w", err)
	}
	if len(plan) == 0 {
		fmt.Fprintf(stdout, "The database is up to date with the %s schema; nothing to do.\n", name)
		return nil
	}
	if *dryRun {
		fmt.Fprintf(stdout, "-- gatehouse migrate --dry-run: %d statements for the %s schema (%s)\n", len(plan), name, summarize(plan))
		for _, stmt := range plan {
			fmt.Fprintf(stdout, "%s;\n", strings.TrimRight(stmt, "; \n"))
		}
		return nil
	}
	if err := a.Migrate(ctx); err != nil {
		return fmt.Errorf("migration failed (what ran before the failure stays; run migrate again after fixing the cause): %w", err)
	}
	after, err := a.Plan(ctx)
	if err != nil {
		return fmt.Errorf("migration ran but the schema could not be read back: %w", err)
	}
	if len(after) > 0 {
		return fmt.Errorf("migration ran but %d statements are still pending; run 'gatehouse migrate --dry-run' to see them", len(after))
	}
	fmt.Fprintf(stdout, "Migrated to the %s schema: %s.\n", name, summarize(plan))
	return nil
}

// summarize counts what a plan does: "created 4 tables, 5 indexes; added 1
// column".
func summarize(plan []string) string {
	var tables, columns, indexes, other int
	for _, stmt := range plan {
		s := strings.ToUpper(strings.Join(strings.Fields(stmt), " "))
		switch {
		case strings.HasPrefix(s, "CREATE TABLE"):
			tables++
		case strings.HasPrefix(s, "CREATE INDEX"), strings.HasPrefix(s, "CREATE UNIQUE INDEX"):
			indexes++
		case strings.HasPrefix(s, "ALTER TABLE") && strings.Contains(s, " ADD "):
			columns++
		default:
			other++
		}
	}
	var parts []string
	if tables > 0 {
		parts = append(parts, plural(tables, "table", "tables")+" created")
	}
	if columns > 0 {
		parts = append(parts, plural(columns, "column", "columns")+" added")
	}
	if indexes > 0 {
		parts = append(parts, plural(indexes, "index", "indexes")+" created")
	}
	if other > 0 {
		parts = append(parts, plural(other, "other statement", "other statements"))
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
