package mongoadapter

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/connstring"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// DefaultDatabase is the database used when neither Options.Database nor
// the URL names one; it is the MongoDB driver's default, which
// @auth/mongodb-adapter also ends up with (client.db() without a name).
const DefaultDatabase = "test"

// Collections names the collections. An empty name takes the default,
// which is @auth/mongodb-adapter's (defaultCollections in its source);
// Authenticators, which that adapter does not store, is "authenticators".
type Collections struct {
	// Users holds users. Default "users".
	Users string
	// Accounts holds provider accounts. Default "accounts".
	Accounts string
	// Sessions holds database sessions. Default "sessions".
	Sessions string
	// VerificationTokens holds email sign-in tokens. Default
	// "verification_tokens".
	VerificationTokens string
	// Authenticators holds WebAuthn credentials. Default "authenticators".
	Authenticators string
}

// Options configures an Adapter.
type Options struct {
	// Database is the database that holds the collections. Default: the
	// database of the URL given to OpenURL, else DefaultDatabase ("test").
	Database string
	// Collections renames collections; empty names keep the defaults.
	Collections Collections
	// Prefix is prepended to every collection name ("app_" gives
	// "app_users", ...), so that several applications can share one
	// database. Default "".
	Prefix string
	// TTL makes Migrate create TTL indexes (expireAfterSeconds: 0) on the
	// expires field of sessions and verification tokens, so that a MongoDB
	// server deletes expired documents by itself, about once a minute.
	// Until it does, expired documents are returned as they are, as the
	// adapter contract asks. Without TTL, Migrate creates plain indexes on
	// expires for DeleteExpired. Switching an existing database between the
	// two needs the old index dropped first (MongoDB refuses two indexes on
	// one key). FerretDB 1.x refuses TTL indexes, and Migrate then fails
	// saying so. Default false.
	TTL bool
}

// Adapter is a gatehouse adapter on MongoDB. Create it with New or OpenURL.
// It is safe for concurrent use.
type Adapter struct {
	client                                   *mongo.Client
	owned                                    bool // OpenURL made the client; Close disconnects it
	db                                       *mongo.Database
	users, accounts, sessions, tokens, auths *mongo.Collection
	ttl                                      bool

	// lookup records whether the server runs $lookup: lookupUnknown until
	// GetSessionAndUser first tried it.
	lookup atomic.Int32
}

const (
	lookupUnknown int32 = iota
	lookupYes
	lookupNo
)

var (
	_ adapter.Adapter             = (*Adapter)(nil)
	_ adapter.AuthenticatorStore  = (*Adapter)(nil)
	_ adapter.SessionLister       = (*Adapter)(nil)
	_ adapter.UserSessionsDeleter = (*Adapter)(nil)
	_ adapter.ExpiredCleaner      = (*Adapter)(nil)
	_ adapter.Pinger              = (*Adapter)(nil)
	_ adapter.Initializer         = (*Adapter)(nil)
	_ adapter.Migrator            = (*Adapter)(nil)
)

// New returns an Adapter that stores its data through client in
// opts.Database. It does not own the client: Close leaves it connected. It
// contacts no server; Init creates the indexes, Ping checks the server.
func New(client *mongo.Client, opts Options) (*Adapter, error) {
	if client == nil {
		return nil, errors.New("mongoadapter: New: client is nil; pass a *mongo.Client from mongo.Connect")
	}
	if opts.Database == "" {
		opts.Database = DefaultDatabase
	}
	c := opts.Collections
	name := func(v, def string) string {
		if v == "" {
			v = def
		}
		return opts.Prefix + v
	}
	db := client.Database(opts.Database)
	a := &Adapter{
		client:   client,
		db:       db,
		users:    db.Collection(name(c.Users, "users")),
		accounts: db.Collection(name(c.Accounts, "accounts")),
		sessions: db.Collection(name(c.Sessions, "sessions")),
		tokens:   db.Collection(name(c.VerificationTokens, "verification_tokens")),
		auths:    db.Collection(name(c.Authenticators, "authenticators")),
		ttl:      opts.TTL,
	}
	seen := map[string]bool{}
	for _, coll := range a.collections() {
		if seen[coll.Name()] {
			return nil, fmt.Errorf("mongoadapter: New: two collections are named %q; give each its own name in Options.Collections", coll.Name())
		}
		seen[coll.Name()] = true
	}
	return a, nil
}

// OpenURL connects to the server of a mongodb:// or mongodb+srv:// URL and
// returns an Adapter on it, which owns its client (Close disconnects). The
// database is opts.Database, else the URL's path ("mongodb://host/app"),
// else DefaultDatabase. Connecting is lazy, as with mongo.Connect: call Init
// or Ping to reach the server.
func OpenURL(rawURL string, opts Options) (*Adapter, error) {
	cs, err := connstring.ParseAndValidate(rawURL)
	if err != nil {
		return nil, fmt.Errorf("mongoadapter: the database URL is not a valid MongoDB connection string (mongodb://user:pass@host:27017/db): %w", err)
	}
	if opts.Database == "" {
		opts.Database = cs.Database
	}
	client, err := mongo.Connect(options.Client().ApplyURI(rawURL))
	if err != nil {
		return nil, fmt.Errorf("mongoadapter: connecting to %s: %w", redact(cs), err)
	}
	a, err := New(client, opts)
	if err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	a.owned = true
	return a, nil
}

// Open is OpenURL with default options, in the form of adapter.Opener, so
// that gatehouse.Config can open mongodb:// URLs given as Config.Database:
//
//	gatehouse.Config{Database: "mongodb://localhost:27017/app", Openers: mongoadapter.Openers()}
func Open(rawURL string) (adapter.Adapter, error) {
	a, err := OpenURL(rawURL, Options{})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Openers returns the URL schemes this adapter opens ("mongodb" and
// "mongodb+srv") mapped to Open, for gatehouse.Config.Openers. It returns a
// new map on every call.
func Openers() map[string]adapter.Opener {
	return map[string]adapter.Opener{"mongodb": Open, "mongodb+srv": Open}
}

// Client returns the client the adapter uses.
func (a *Adapter) Client() *mongo.Client { return a.client }

// Database returns the database that holds the collections.
func (a *Adapter) Database() *mongo.Database { return a.db }

// Close disconnects the client if OpenURL created it; a client given to
// New is left to its owner.
func (a *Adapter) Close() error {
	if !a.owned {
		return nil
	}
	if err := a.client.Disconnect(context.Background()); err != nil {
		return fmt.Errorf("mongoadapter: disconnecting: %w", err)
	}
	return nil
}

// Ping checks that the server answers.
func (a *Adapter) Ping(ctx context.Context) error {
	if err := a.client.Ping(ctx, nil); err != nil {
		return fmt.Errorf("mongoadapter: ping: %w", err)
	}
	return nil
}

// Init checks that the server answers and creates the indexes that keep
// the adapter's contract (see Migrate). gatehouse.New calls it.
func (a *Adapter) Init(ctx context.Context) error {
	if err := a.Ping(ctx); err != nil {
		return err
	}
	return a.Migrate(ctx)
}

func (a *Adapter) collections() []*mongo.Collection {
	return []*mongo.Collection{a.users, a.accounts, a.sessions, a.tokens, a.auths}
}

// redact returns the URL's hosts and database, without credentials.
func redact(cs *connstring.ConnString) string {
	return strings.Join(cs.Hosts, ",") + "/" + cs.Database
}

// wrap adds the operation's name to a driver error and turns a duplicate
// key into adapter.ErrConflict.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if duplicateKey(err) {
		// The server's message is left out: it quotes the duplicate key,
		// which may be a session or verification token.
		return fmt.Errorf("mongoadapter: %s: %w", op, adapter.ErrConflict)
	}
	return fmt.Errorf("mongoadapter: %s: %w", op, err)
}

// notFound is adapter.ErrNotFound with the operation's name.
func notFound(op string) error { return fmt.Errorf("mongoadapter: %s: %w", op, adapter.ErrNotFound) }

// duplicateKey reports whether err is a unique index violation: error
// 11000 (and its legacy variants), or FerretDB 1.x's InternalError that
// carries PostgreSQL's unique violation, which is how that server reports
// a duplicate key in an update.
func duplicateKey(err error) bool {
	if mongo.IsDuplicateKeyError(err) {
		return true
	}
	var se mongo.ServerError
	return errors.As(err, &se) && se.HasErrorCodeWithMessage(1, "duplicate key value violates unique constraint")
}
