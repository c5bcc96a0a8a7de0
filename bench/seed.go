package bench

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// CookieToken returns the session cookie value of seeded user i: 64 hex
// characters (256 bits) derived from a fixed key and i, so that the seeder,
// the servers and the load generator agree without sharing a file. Bench
// data only: real session tokens are random.
func CookieToken(i int) string {
	var buf [24]byte
	copy(buf[:], "gatehouse-bench\x00")
	binary.BigEndian.PutUint64(buf[16:], uint64(i))
	sum := sha256.Sum256(buf[:])
	return hex.EncodeToString(sum[:])
}

// StoredToken is the form gatehouse keeps a cookie token in with its
// default settings: the SHA-256 of the token, in hex.
func StoredToken(cookie string) string {
	sum := sha256.Sum256([]byte(cookie))
	return hex.EncodeToString(sum[:])
}

// Cookies returns the cookie values of users 0..n-1.
func Cookies(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = CookieToken(i)
	}
	return out
}

// UserEmail is the email address of seeded user i.
func UserEmail(i int) string { return "user" + strconv.Itoa(i) + "@bench.example" }

// seedBatch is the rows per INSERT statement.
const seedBatch = 1000

// Seed creates gatehouse's default schema on db (through the SQL adapter's
// Synchronize) and inserts n users, each with one database session that
// expires in 30 days, stored the way the handler stores it (SHA-256 of the
// cookie token). It writes a progress line to progress (nil for none).
// Seed expects empty tables: call Backend.Reset first.
func Seed(ctx context.Context, b *Backend, db *sql.DB, n int, progress io.Writer) error {
	a, err := sqladapter.Open(ctx, sqladapter.Config{DB: db, Type: string(b.Dialect), Synchronize: true})
	if err != nil {
		return fmt.Errorf("bench: creating gatehouse's tables: %w", err)
	}
	if err := a.Close(); err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	stamp := func(t time.Time) any {
		if b.Dialect == schema.SQLite {
			return t.Format(schema.Default().TimeLayout())
		}
		return t
	}
	created, expires := stamp(now), stamp(now.Add(30*24*time.Hour))
	users := inserter{d: b.Dialect, table: "users", cols: []string{"id", "name", "email", "created_at", "updated_at"}}
	sessions := inserter{d: b.Dialect, table: "sessions", cols: []string{"session_token", "user_id", "expires", "created_at", "updated_at"}}
	return batches(ctx, db, n, progress, func(tx *sql.Tx, lo, hi int) error {
		var ua, sa []any
		for i := lo; i < hi; i++ {
			id := fmt.Sprintf("00000000-bench-user-%016d", i)
			ua = append(ua, id, "User "+strconv.Itoa(i), UserEmail(i), created, created)
			sa = append(sa, StoredToken(CookieToken(i)), id, expires, created, created)
		}
		if err := users.exec(ctx, tx, hi-lo, ua); err != nil {
			return err
		}
		return sessions.exec(ctx, tx, hi-lo, sa)
	})
}

// batches calls fill for [lo, hi) ranges of at most seedBatch rows, each in
// its own transaction, reporting progress.
func batches(ctx context.Context, db *sql.DB, n int, progress io.Writer, fill func(tx *sql.Tx, lo, hi int) error) error {
	start := time.Now()
	last := start
	for lo := 0; lo < n; lo += seedBatch {
		hi := min(lo+seedBatch, n)
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("bench: seeding: %w", err)
		}
		if err := fill(tx, lo, hi); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("bench: seeding rows %d..%d: %w", lo, hi, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("bench: seeding rows %d..%d: %w", lo, hi, err)
		}
		if progress != nil && (hi == n || time.Since(last) > 500*time.Millisecond) {
			last = time.Now()
			el := time.Since(start).Seconds()
			fmt.Fprintf(progress, "\rseeded %d/%d users+sessions (%.0f/s)", hi, n, float64(hi)/max(el, 1e-9))
		}
	}
	if progress != nil && n > 0 {
		fmt.Fprintln(progress)
	}
	return nil
}

// inserter writes multi-row INSERT statements.
type inserter struct {
	d     schema.Dialect
	table string
	cols  []string
}

func (in inserter) exec(ctx context.Context, tx *sql.Tx, rows int, args []any) error {
	var sb strings.Builder
	sb.WriteString("INSERT INTO ")
	sb.WriteString(schema.Quote(in.d, in.table))
	sb.WriteString(" (")
	for i, c := range in.cols {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(schema.Quote(in.d, c))
	}
	sb.WriteString(") VALUES ")
	p := 0
	for r := range rows {
		if r > 0 {
			sb.WriteString(", ")
		}
		sb.WriteByte('(')
		for c := range in.cols {
			if c > 0 {
				sb.WriteString(", ")
			}
			p++
			if in.d == schema.Postgres {
				sb.WriteString("$" + strconv.Itoa(p))
			} else {
				sb.WriteByte('?')
			}
		}
		sb.WriteByte(')')
	}
	if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
		return fmt.Errorf("inserting into %s: %w", in.table, err)
	}
	return nil
}

// SeededSessions counts the rows in gatehouse's sessions table, so that a
// run can reuse a database seeded before (the 1 000 000-user scale run).
func SeededSessions(ctx context.Context, b *Backend, db *sql.DB) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+schema.Quote(b.Dialect, "sessions")).Scan(&n)
	return n, err
}

// ResetAndSeed empties the backend (Backend.Reset) and seeds n users and
// sessions into it (Seed).
func ResetAndSeed(ctx context.Context, b *Backend, n int, progress io.Writer) error {
	if err := b.Reset(ctx); err != nil {
		return err
	}
	db, err := b.Open(4)
	if err != nil {
		return err
	}
	defer db.Close()
	return Seed(ctx, b, db, n, progress)
}
