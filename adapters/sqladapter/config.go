package sqladapter

import (
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/sqlstore"
)

// Config configures an Adapter. The connection comes from DB, or else from
// URL, or else from Type, Database, Host, Port, Username and Password; the
// three forms are equivalent, as NextAuth.js v3's `database` option took a
// URL or a TypeORM connection object.
type Config struct {
	// Type is the database: "sqlite", "postgres" (also "postgresql",
	// "cockroachdb"), "mysql" or "mariadb". Default: taken from URL; required
	// when URL is empty.
	Type string
	// URL is a connection URL as NextAuth.js v3 accepted it, for example
	// "sqlite::memory:", "sqlite:///var/data/auth.db",
	// "postgres://user:pass@host:5432/db?synchronize=true" or
	// "mysql://root:pw@localhost:3306/next-auth" (see ParseURL). Fields it
	// sets fill the zero fields of this Config. Default: none.
	URL string
	// Database is the database name, or for SQLite the file path or
	// ":memory:". Default: none (required except with DB).
	Database string
	// Host is the server host. Default: "localhost".
	Host string
	// Port is the server port. Default: 5432 for PostgreSQL, 3306 for MySQL.
	Port int
	// Username and Password authenticate to the server. Default: none.
	Username, Password string
	// Params are passed to the driver as DSN parameters (for example
	// "sslmode", "search_path", "_pragma", "tls"). Default: none.
	Params map[string]string
	// DriverName is the database/sql driver name. Default: "sqlite"
	// (modernc.org/sqlite) for SQLite, "pgx" (github.com/jackc/pgx/v5/stdlib)
	// for PostgreSQL, "mysql" (github.com/go-sql-driver/mysql) for MySQL.
	DriverName string
	// DB is an open pool to reuse; the Adapter then neither configures nor
	// closes it, and Type must name its dialect. For an in-memory SQLite
	// database call DB.SetMaxOpenConns(1) first (every connection to
	// :memory: is another database); a MySQL DSN must keep the driver's
	// default loc=UTC (parseTime may be on or off). Default: nil (the
	// Adapter opens its own pool).
	DB *sql.DB

	// Synchronize makes Init create missing tables, columns and indexes. It
	// never drops or changes anything. Default: false (Init only checks the
	// schema and reports what is missing).
	Synchronize bool
	// Preset names the schema layout: "default", "nextauth-v3", "authjs" or
	// "authjs-prisma" (see package schema). Default: "default".
	Preset string
	// Schema is a complete schema description; it overrides Preset. The
	// Adapter works on a copy. Default: nil (use Preset).
	Schema *schema.Schema
	// TablePrefix is prepended to every table name (TypeORM's
	// entityPrefix). Default: none.
	TablePrefix string
	// Tables renames tables: logical model ("user", "account", "session",
	// "verification_token", "authenticator") → table name. Default: none.
	Tables map[string]string
	// Columns renames columns: "model.field" (for example
	// "user.email_verified") → column name. Default: none.
	Columns map[string]string
	// ExtraUserColumns declares application columns on the users table;
	// their values round-trip through adapter.User.Extra. Default: none.
	ExtraUserColumns []schema.Column

	// MaxOpenConns, MaxIdleConns, ConnMaxLifetime and ConnMaxIdleTime set
	// the pool's limits when the Adapter opens the pool (see database/sql
	// and the sizing notes at DefaultMaxOpenConns). URL may set them too
	// (max_open_conns, max_idle_conns, conn_max_lifetime,
	// conn_max_idle_time: see ParseURL); a field set here wins. Default: at most
	// DefaultMaxOpenConns open, MaxIdleConns equal to MaxOpenConns (every
	// connection stays open between requests), no lifetime limit, and
	// DefaultConnMaxIdleTime; an in-memory SQLite database always uses
	// exactly one connection, kept forever.
	MaxOpenConns, MaxIdleConns       int
	ConnMaxLifetime, ConnMaxIdleTime time.Duration
}

// dialect returns the dialect named by Type.
func dialectOf(typ string) (schema.Dialect, error) {
	switch strings.ToLower(typ) {
	case "sqlite", "sqlite3":
		return schema.SQLite, nil
	case "postgres", "postgresql", "pg", "cockroachdb", "cockroach":
		return schema.Postgres, nil
	case "mysql", "mariadb":
		return schema.MySQL, nil
	case "":
		return "", errors.New(`sqladapter: no database type: set Config.Type ("sqlite", "postgres", "mysql" or "mariadb") or Config.URL`)
	}
	return "", fmt.Errorf("sqladapter: unsupported database type %q: use one of sqlite, postgres, mysql, mariadb", typ)
}

// driverImports maps default driver names to the import that registers them.
var driverImports = map[string]string{
	"sqlite": "modernc.org/sqlite",
	"pgx":    "github.com/jackc/pgx/v5/stdlib",
	"mysql":  "github.com/go-sql-driver/mysql",
}

func defaultDriver(d schema.Dialect) string {
	switch d {
	case schema.Postgres:
		return "pgx"
	case schema.MySQL:
		return "mysql"
	}
	return "sqlite"
}

// ParseURL parses a database URL the way NextAuth.js v3 did, into a Config:
//
//	sqlite::memory:                                  in-memory SQLite
//	sqlite://localhost/:memory:?synchronize=true     the same, v3 style
//	sqlite:///var/data/auth.db                       absolute file path
//	sqlite://localhost/data/auth.db, sqlite:auth.db  relative file paths
//	postgres://user:pass@host:5432/db?synchronize=true
//	mysql://root:password@localhost:3306/next-auth   (also mariadb://)
//
// The scheme is the type; user, password, host, port and path (the database)
// are percent-decoded. The query options synchronize, schema (or preset: the
// schema preset name) and entityPrefix (or tablePrefix) become Config
// fields, and so do the pool limits (see DefaultMaxOpenConns for sizing):
//
//	max_open_conns=10       Config.MaxOpenConns (a whole number, 0: the default)
//	max_idle_conns=5        Config.MaxIdleConns (a whole number, 0: the default)
//	conn_max_lifetime=30m   Config.ConnMaxLifetime (a Go duration, 0: the default)
//	conn_max_idle_time=5m   Config.ConnMaxIdleTime (a Go duration, 0: the default)
//
// for example postgres://u:p@host/db?max_open_conns=20&conn_max_lifetime=1h.
// Neither pgx nor go-sql-driver/mysql knows these names, and they never
// reach the driver (both would send an unknown parameter to the server as a
// setting). A Config field that is set wins over the URL's option. Every
// other query parameter is passed to the driver. Unlike v3,
// "sqlite:///abs/path" keeps its leading slash (v3 made it relative).
func ParseURL(s string) (Config, error) {
	var cfg Config
	s = strings.TrimSpace(s)
	if s == "" {
		return cfg, errors.New("sqladapter: empty database URL; expected for example sqlite::memory: or postgres://user:pass@host:5432/db")
	}
	u, err := url.Parse(s)
	if err != nil {
		return cfg, fmt.Errorf("sqladapter: invalid database URL %s: %w", redactString(s), unwrapURLError(err))
	}
	if u.Scheme == "" {
		return cfg, fmt.Errorf("sqladapter: database URL %s has no scheme; start it with sqlite:, postgres://, mysql:// or mariadb://", redactString(s))
	}
	d, err := dialectOf(u.Scheme)
	if err != nil {
		return cfg, err
	}
	cfg.Type = strings.ToLower(u.Scheme)
	cfg.URL = s
	switch d {
	case schema.SQLite:
		switch {
		case u.Opaque != "":
			cfg.Database = u.Opaque
		case u.Host == "" && u.Path != "":
			cfg.Database = u.Path // sqlite:///abs/path.db
		default:
			cfg.Database = strings.TrimPrefix(u.Path, "/")
		}
		if cfg.Database == "" {
			return cfg, fmt.Errorf("sqladapter: database URL %s names no SQLite database; use sqlite::memory: or sqlite:///path/to/file.db", redactString(s))
		}
	default:
		if u.Opaque != "" || u.Host == "" {
			return cfg, fmt.Errorf("sqladapter: database URL %s has no host; expected %s://user:password@host:port/database", redactString(s), u.Scheme)
		}
		cfg.Host = u.Hostname()
		if cfg.Host == "" {
			return cfg, fmt.Errorf("sqladapter: database URL %s has no host; expected %s://user:password@host:port/database", redactString(s), u.Scheme)
		}
		if p := u.Port(); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil || n < 1 || n > 65535 {
				return cfg, fmt.Errorf("sqladapter: database URL %s: port %q is not a number from 1 to 65535", redactString(s), p)
			}
			cfg.Port = n
		}
		if u.User != nil {
			cfg.Username = u.User.Username()
			cfg.Password, _ = u.User.Password()
		}
		cfg.Database = strings.TrimPrefix(u.Path, "/")
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return cfg, fmt.Errorf("sqladapter: database URL %s: bad query: %w", redactString(s), err)
	}
	for k, vs := range q {
		v := vs[len(vs)-1]
		switch k {
		case "synchronize":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return cfg, fmt.Errorf("sqladapter: database URL: synchronize=%q is not true or false", v)
			}
			cfg.Synchronize = b
		case "schema", "preset":
			if _, err := schema.Preset(v); err != nil {
				return cfg, fmt.Errorf("sqladapter: database URL: %s=%q: %w", k, v, err)
			}
			cfg.Preset = v
		case "entityPrefix", "tablePrefix":
			cfg.TablePrefix = v
		case optMaxOpenConns, optMaxIdleConns:
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return cfg, fmt.Errorf("sqladapter: database URL: %s=%q is not a whole number of connections (0 or more); use for example %s=10", k, v, k)
			}
			if k == optMaxOpenConns {
				cfg.MaxOpenConns = n
			} else {
				cfg.MaxIdleConns = n
			}
		case optConnMaxLifetime, optConnMaxIdleTime:
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return cfg, fmt.Errorf("sqladapter: database URL: %s=%q is not a duration (0 or more); use for example %s=30m", k, v, k)
			}
			if k == optConnMaxLifetime {
				cfg.ConnMaxLifetime = d
			} else {
				cfg.ConnMaxIdleTime = d
			}
		default:
			if cfg.Params == nil {
				cfg.Params = map[string]string{}
			}
			cfg.Params[k] = v
		}
	}
	return cfg, nil
}

// The URL's pool options (see ParseURL).
const (
	optMaxOpenConns    = "max_open_conns"
	optMaxIdleConns    = "max_idle_conns"
	optConnMaxLifetime = "conn_max_lifetime"
	optConnMaxIdleTime = "conn_max_idle_time"
)

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// redactString returns the URL with its password replaced by "xxxxx".
func redactString(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// resolve fills cfg's zero fields from the parsed URL and the defaults.
func (cfg Config) resolve() (Config, schema.Dialect, error) {
	if cfg.URL != "" {
		p, err := ParseURL(cfg.URL)
		if err != nil {
			return cfg, "", err
		}
		if cfg.Type == "" {
			cfg.Type = p.Type
		}
		if cfg.Database == "" {
			cfg.Database = p.Database
		}
		if cfg.Host == "" {
			cfg.Host = p.Host
		}
		if cfg.Port == 0 {
			cfg.Port = p.Port
		}
		if cfg.Username == "" {
			cfg.Username = p.Username
		}
		if cfg.Password == "" {
			cfg.Password = p.Password
		}
		cfg.Synchronize = cfg.Synchronize || p.Synchronize
		if cfg.Preset == "" {
			cfg.Preset = p.Preset
		}
		if cfg.TablePrefix == "" {
			cfg.TablePrefix = p.TablePrefix
		}
		if cfg.MaxOpenConns == 0 {
			cfg.MaxOpenConns = p.MaxOpenConns
		}
		if cfg.MaxIdleConns == 0 {
			cfg.MaxIdleConns = p.MaxIdleConns
		}
		if cfg.ConnMaxLifetime == 0 {
			cfg.ConnMaxLifetime = p.ConnMaxLifetime
		}
		if cfg.ConnMaxIdleTime == 0 {
			cfg.ConnMaxIdleTime = p.ConnMaxIdleTime
		}
		if len(p.Params) > 0 {
			m := make(map[string]string, len(p.Params)+len(cfg.Params))
			for k, v := range p.Params {
				m[k] = v
			}
			for k, v := range cfg.Params {
				m[k] = v
			}
			cfg.Params = m
		}
	}
	d, err := dialectOf(cfg.Type)
	if err != nil {
		return cfg, "", err
	}
	if cfg.DB == nil {
		if cfg.Database == "" && d == schema.SQLite {
			return cfg, "", errors.New(`sqladapter: no SQLite database: set Config.Database to a file path or ":memory:"`)
		}
		if cfg.Host == "" {
			cfg.Host = "localhost"
		}
		if cfg.Port == 0 {
			switch d {
			case schema.Postgres:
				cfg.Port = 5432
			case schema.MySQL:
				cfg.Port = 3306
			}
		}
	}
	if cfg.DriverName == "" {
		cfg.DriverName = defaultDriver(d)
	}
	return cfg, d, nil
}

// isMemory reports whether the SQLite database is in memory.
func isMemory(db string) bool {
	return db == ":memory:" || strings.HasPrefix(db, "file::memory:") || strings.Contains(db, "mode=memory")
}

// dataSource builds the driver's DSN from a resolved Config.
func (cfg Config) dataSource(d schema.Dialect) string {
	params := make([]string, 0, len(cfg.Params))
	for k := range cfg.Params {
		params = append(params, k)
	}
	sort.Strings(params)
	switch d {
	case schema.SQLite:
		q := url.Values{}
		for _, k := range params {
			q.Set(k, cfg.Params[k])
		}
		if !isMemory(cfg.Database) {
			if q.Get("_busy_timeout") == "" && q.Get("_timeout") == "" {
				q.Set("_busy_timeout", "10000")
			}
			if q.Get("_txlock") == "" {
				q.Set("_txlock", "immediate")
			}
			if q.Get("_journal_mode") == "" && q.Get("_journal") == "" {
				q.Set("_journal_mode", "WAL")
			}
		}
		if q.Get("_foreign_keys") == "" && q.Get("_fk") == "" {
			q.Set("_foreign_keys", "1")
		}
		db := cfg.Database
		if i := strings.IndexByte(db, '?'); i >= 0 {
			extra, _ := url.ParseQuery(db[i+1:])
			for k, vs := range extra {
				q[k] = vs
			}
			db = db[:i]
		}
		if !strings.HasPrefix(db, "file:") {
			db = "file:" + db
		}
		return db + "?" + q.Encode()
	case schema.Postgres:
		u := url.URL{Scheme: "postgres", Host: net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)), Path: "/" + cfg.Database}
		if cfg.Username != "" {
			if cfg.Password != "" {
				u.User = url.UserPassword(cfg.Username, cfg.Password)
			} else {
				u.User = url.User(cfg.Username)
			}
		}
		q := url.Values{}
		for _, k := range params {
			q.Set(k, cfg.Params[k])
		}
		u.RawQuery = q.Encode()
		return u.String()
	default: // MySQL: user:password@tcp(host:port)/db?params
		q := url.Values{}
		q.Set("parseTime", "true")
		q.Set("loc", "UTC")
		q.Set("clientFoundRows", "true")
		for _, k := range params {
			q.Set(k, cfg.Params[k])
		}
		var b strings.Builder
		if cfg.Username != "" {
			b.WriteString(cfg.Username)
			if cfg.Password != "" {
				b.WriteByte(':')
				b.WriteString(cfg.Password)
			}
			b.WriteByte('@')
		}
		b.WriteString("tcp(")
		b.WriteString(net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)))
		b.WriteString(")/")
		b.WriteString(cfg.Database)
		b.WriteByte('?')
		b.WriteString(q.Encode())
		return b.String()
	}
}

// where returns a description of the database for error messages, without
// secrets.
func (cfg Config) where(d schema.Dialect) string {
	switch {
	case cfg.DB != nil:
		return string(d) + " (the *sql.DB given in Config.DB)"
	case d == schema.SQLite:
		return "sqlite " + cfg.Database
	}
	return fmt.Sprintf("%s at %s/%s", d, net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)), cfg.Database)
}

// buildSchema applies Preset/Schema and the naming options.
func (cfg Config) buildSchema() (*schema.Schema, error) {
	s, err := sqlstore.BaseSchema(cfg.Schema, cfg.Preset, cfg.TablePrefix)
	if err != nil {
		return nil, fmt.Errorf("sqladapter: Config.Preset: %w", err)
	}
	for _, m := range slices.Sorted(maps.Keys(cfg.Tables)) {
		if err := s.RenameTable(schema.Model(m), cfg.Tables[m]); err != nil {
			return nil, fmt.Errorf("sqladapter: Config.Tables: %w", err)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(cfg.Columns)) {
		m, f, ok := strings.Cut(k, ".")
		if !ok {
			return nil, fmt.Errorf(`sqladapter: Config.Columns: key %q must be "model.field", for example "user.email_verified"`, k)
		}
		if err := s.RenameColumn(schema.Model(m), f, cfg.Columns[k]); err != nil {
			return nil, fmt.Errorf("sqladapter: Config.Columns: %w", err)
		}
	}
	for _, c := range cfg.ExtraUserColumns {
		if err := s.AddUserColumn(c); err != nil {
			return nil, fmt.Errorf("sqladapter: Config.ExtraUserColumns: %w", err)
		}
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("sqladapter: %w", err)
	}
	return s, nil
}
