package sqladapter

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

// DefaultRateLimitTable is the table of a RateLimitStore when none is named.
const DefaultRateLimitTable = "gatehouse_rate_limits"

// RateLimitStore is an adapter.RateLimitStore in a SQL table (PostgreSQL,
// MySQL/MariaDB or SQLite), so that several instances of an application
// share their rate limits (set it as RateLimit.Store of
// Config.Credentials and Config.Email). Create it with NewRateLimitStore
// and its table with CreateTable.
//
// Each count is changed by one statement, atomic in the database: an
// upsert that starts a new window when the old one has ended. On
// PostgreSQL and SQLite the statement also returns the count and the
// window's end; on MySQL the count comes back through LAST_INSERT_ID and
// the window's end is read by a second query. Windows are measured by the
// clocks of the instances (milliseconds since 1970 in column reset_ms),
// which must agree to within a second or so. Rows whose window has ended
// stay until DeleteExpired deletes them (call it now and then) or their
// key is used again.
type RateLimitStore struct {
	db    *sql.DB
	d     schema.Dialect
	table string
	now   func() time.Time
	sql   rateLimitSQL // built once, for this table and dialect
}

// rateLimitSQL holds a RateLimitStore's statements.
type rateLimitSQL struct {
	get, refund, refundReturning, add, addMySQL, resetOf, reset, expired string
}

var _ adapter.RateLimitStore = (*RateLimitStore)(nil)

var tableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}$`)

// NewRateLimitStore returns a RateLimitStore on db, whose database type
// is typ ("postgres", "mysql", "mariadb", "sqlite"), in table
// (DefaultRateLimitTable when empty).
func NewRateLimitStore(db *sql.DB, typ, table string) (*RateLimitStore, error) {
	if db == nil {
		return nil, errors.New("sqladapter: NewRateLimitStore: db is nil; pass an open *sql.DB")
	}
	d, err := dialectOf(typ)
	if err != nil {
		return nil, err
	}
	if table == "" {
		table = DefaultRateLimitTable
	}
	if !tableName.MatchString(table) {
		return nil, fmt.Errorf("sqladapter: NewRateLimitStore: table name %q: use letters, digits and _ (at most 63, not starting with a digit)", table)
	}
	s := &RateLimitStore{db: db, d: d, table: table, now: time.Now}
	s.sql = rateLimitSQL{
		get:             s.q(`SELECT n, reset_ms FROM %s WHERE k = ? AND reset_ms > ?`),
		refund:          s.q(`UPDATE %s SET n = CASE WHEN n + ? < 0 THEN 0 ELSE n + ? END WHERE k = ? AND reset_ms > ?`),
		refundReturning: s.q(`UPDATE %s SET n = CASE WHEN n + ? < 0 THEN 0 ELSE n + ? END WHERE k = ? AND reset_ms > ? RETURNING n, reset_ms`),
		add: s.q(`INSERT INTO %[1]s (k, n, reset_ms) VALUES (?, ?, ?)
ON CONFLICT (k) DO UPDATE SET
 n = CASE WHEN %[1]s.reset_ms <= ? THEN excluded.n ELSE %[1]s.n + excluded.n END,
 reset_ms = CASE WHEN %[1]s.reset_ms <= ? THEN excluded.reset_ms ELSE %[1]s.reset_ms END
RETURNING n, reset_ms`),
		addMySQL: s.q(`INSERT INTO %s (k, n, reset_ms) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE
 n = LAST_INSERT_ID(CASE WHEN reset_ms <= ? THEN VALUES(n) ELSE n + VALUES(n) END),
 reset_ms = CASE WHEN reset_ms <= ? THEN VALUES(reset_ms) ELSE reset_ms END`),
		resetOf: s.q(`SELECT reset_ms FROM %s WHERE k = ?`),
		reset:   s.q(`DELETE FROM %s WHERE k = ?`),
		expired: s.q(`DELETE FROM %s WHERE reset_ms <= ?`),
	}
	return s, nil
}

func (s *RateLimitStore) q(query string) string {
	return rebind(s.d, fmt.Sprintf(query, schema.Quote(s.d, s.table)))
}

// CreateTable creates the store's table if it does not exist.
func (s *RateLimitStore) CreateTable(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, s.q(`CREATE TABLE IF NOT EXISTS %s (k VARCHAR(64) NOT NULL PRIMARY KEY, n BIGINT NOT NULL, reset_ms BIGINT NOT NULL)`))
	if err != nil {
		return fmt.Errorf("sqladapter: creating the rate limit table %s: %w", s.table, err)
	}
	return nil
}

// AddCount implements adapter.RateLimitStore.
func (s *RateLimitStore) AddCount(ctx context.Context, key string, n int, window time.Duration) (c adapter.RateCount, err error) {
	now := s.now().UnixMilli()
	var cnt, reset int64
	switch {
	case n == 0:
		err = s.db.QueryRowContext(ctx, s.sql.get, key, now).Scan(&cnt, &reset)
	case n < 0 && s.d != schema.MySQL:
		err = s.db.QueryRowContext(ctx, s.sql.refundReturning, n, n, key, now).Scan(&cnt, &reset)
	case n < 0:
		if _, err = s.db.ExecContext(ctx, s.sql.refund, n, n, key, now); err == nil {
			err = s.db.QueryRowContext(ctx, s.sql.get, key, now).Scan(&cnt, &reset)
		}
	case s.d != schema.MySQL:
		err = s.db.QueryRowContext(ctx, s.sql.add, key, n, now+window.Milliseconds(), now, now).Scan(&cnt, &reset)
	default:
		cnt, reset, err = s.addMySQL(ctx, key, n, now, now+window.Milliseconds())
	}
	if errors.Is(err, sql.ErrNoRows) {
		return adapter.RateCount{}, nil
	}
	if err != nil {
		return adapter.RateCount{}, fmt.Errorf("sqladapter: rate limit count %q: %w", key, err)
	}
	return adapter.RateCount{Count: int(cnt), Reset: time.UnixMilli(reset)}, nil
}

// addMySQL adds n > 0 in one upsert, the new count coming back as
// LAST_INSERT_ID; MySQL assigns left to right, so reset_ms's CASE still
// sees the old reset_ms.
func (s *RateLimitStore) addMySQL(ctx context.Context, key string, n int, now, reset int64) (int64, int64, error) {
	res, err := s.db.ExecContext(ctx, s.sql.addMySQL, key, n, reset, now, now)
	if err != nil {
		return 0, 0, err
	}
	affected, err := res.RowsAffected()
	if err != nil {
		return 0, 0, err
	}
	if affected == 1 { // inserted
		return int64(n), reset, nil
	}
	cnt, err := res.LastInsertId()
	if err != nil {
		return 0, 0, err
	}
	err = s.db.QueryRowContext(ctx, s.sql.resetOf, key).Scan(&reset)
	return cnt, reset, err
}

// ResetCount implements adapter.RateLimitStore.
func (s *RateLimitStore) ResetCount(ctx context.Context, key string) error {
	if _, err := s.db.ExecContext(ctx, s.sql.reset, key); err != nil {
		return fmt.Errorf("sqladapter: rate limit reset %q: %w", key, err)
	}
	return nil
}

// DeleteExpired deletes the rows whose window has ended and returns how
// many it deleted.
func (s *RateLimitStore) DeleteExpired(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.sql.expired, s.now().UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("sqladapter: deleting expired rate limit rows: %w", err)
	}
	return res.RowsAffected()
}
