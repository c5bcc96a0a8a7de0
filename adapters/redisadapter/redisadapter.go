package redisadapter

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// DefaultPrefix is the key prefix used when Options.Prefix is empty.
const DefaultPrefix = "gatehouse:"

// Options configures an Adapter.
type Options struct {
	// Prefix is prepended to every key, so that several applications can
	// share one Redis. It must not contain '{' or '}' (they would change the
	// Cluster hash tags). Default: DefaultPrefix ("gatehouse:").
	Prefix string
	// Retain keeps session and verification token keys for this long after
	// their Expires before Redis's TTL deletes them, so that expired
	// sessions and tokens can still be read for a while. Must not be
	// negative. Ignored when KeepExpired is set. Default: 0, keys disappear
	// at Expires.
	Retain time.Duration
	// KeepExpired gives session and verification token keys no TTL at all:
	// expired ones stay readable, exactly as the adapter contract describes
	// ("expired sessions and tokens are returned as they are"), until
	// DeleteExpired deletes them, so a periodic cleanup job is then needed.
	// Default: false, keys expire by TTL at Expires + Retain.
	KeepExpired bool
}

// Adapter is a gatehouse adapter on Redis. Create it with New. It is safe for
// concurrent use; it does not own the client and does not close it.
type Adapter struct {
	rdb    redis.UniversalClient
	prefix string
	base   string // prefix of identity keys, ending in the shared hash tag
	retain time.Duration
	keep   bool // KeepExpired: no TTL
	single bool // one server: a script may read keys on any slot
}

var (
	_ adapter.Adapter             = (*Adapter)(nil)
	_ adapter.AuthenticatorStore  = (*Adapter)(nil)
	_ adapter.SessionLister       = (*Adapter)(nil)
	_ adapter.UserSessionsDeleter = (*Adapter)(nil)
	_ adapter.ExpiredCleaner      = (*Adapter)(nil)
	_ adapter.Pinger              = (*Adapter)(nil)
)

// New returns an Adapter that stores its data through client. It checks the
// options but does not contact Redis; call Ping for that.
func New(client redis.UniversalClient, opts Options) (*Adapter, error) {
	if client == nil {
		return nil, errors.New("redisadapter: New: client is nil; pass a *redis.Client, *redis.ClusterClient or another redis.UniversalClient")
	}
	p := opts.Prefix
	if p == "" {
		p = DefaultPrefix
	}
	if strings.ContainsAny(p, "{}") {
		return nil, fmt.Errorf("redisadapter: New: Options.Prefix %q contains '{' or '}', which would break the Cluster hash tags; choose a prefix without braces", p)
	}
	if opts.Retain < 0 {
		return nil, fmt.Errorf("redisadapter: New: Options.Retain is negative (%v); use 0 or a positive duration", opts.Retain)
	}
	_, single := client.(*redis.Client)
	return &Adapter{
		rdb:    client,
		prefix: p,
		base:   p + "{" + p + "id}:",
		retain: opts.Retain,
		keep:   opts.KeepExpired,
		single: single,
	}, nil
}

// Ping checks that Redis answers.
func (a *Adapter) Ping(ctx context.Context) error {
	if err := a.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redisadapter: ping: %w", err)
	}
	return nil
}

// Key builders. Identity keys share a.base's hash tag.

func (a *Adapter) userKey(id string) string { return a.base + "u:" + id }
func (a *Adapter) accountKey(provider, providerAccountID string) string {
	return a.base + "a:" + accountID(provider, providerAccountID)
}
func (a *Adapter) credKey(id string) string { return a.base + "c:" + id }

func (a *Adapter) sessionKey(token string) string { return a.prefix + "s:{" + token + "}" }
func (a *Adapter) tokenKey(identifier, token string) string {
	return a.prefix + "v:{" + tokenMember(identifier, token) + "}"
}

// tokenMember names a verification token unambiguously: the inside of its
// key's hash tag and its member in the token expiry index.
func tokenMember(identifier, token string) string {
	return strconv.Itoa(len(identifier)) + ":" + identifier + ":" + token
}

// accountID names an account unambiguously whatever the two strings hold.
func accountID(provider, providerAccountID string) string {
	return strconv.Itoa(len(provider)) + ":" + provider + ":" + providerAccountID
}

// Time encoding: Unix milliseconds, read back in UTC.

func ms(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

func parseMS(s string) (time.Time, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q is not a number of milliseconds: %w", s, err)
	}
	return time.UnixMilli(n).UTC(), nil
}

// expiry returns the SET arguments that make a key expire Retain after
// expires ("PXAT", ms), or none with KeepExpired. The time is at least 1 ms
// after the epoch, so a time before 1970 expires the key at once instead of
// being rejected by Redis.
func (a *Adapter) expiry(expires time.Time) []any {
	if a.keep {
		return nil
	}
	n := expires.Add(a.retain).UnixMilli()
	if n < 1 {
		n = 1
	}
	return []any{"PXAT", n}
}

// Expiry indexes: sorted sets on the identity slot of every session token
// and every verification token (as "<n>:<identifier>:<token>"), scored by
// Expires in ms, which DeleteExpired walks.
func (a *Adapter) sessionExpiryIndex() string { return a.base + "xs" }
func (a *Adapter) tokenExpiryIndex() string   { return a.base + "xt" }

// Errors.

func fail(op string, err error) error { return fmt.Errorf("redisadapter: %s: %w", op, err) }

func notFound(op string) error { return fmt.Errorf("redisadapter: %s: %w", op, adapter.ErrNotFound) }

func conflict(op, what string) error {
	return fmt.Errorf("redisadapter: %s: %s: %w", op, what, adapter.ErrConflict)
}

// run runs a script whose reply is {status, rest...} and splits the
// reply.
func (a *Adapter) run(ctx context.Context, op string, script *redis.Script, keys []string, args ...any) (string, []any, error) {
	v, err := script.Run(ctx, a.rdb, keys, args...).Result()
	if err != nil {
		return "", nil, fail(op, err)
	}
	arr, ok := v.([]any)
	if !ok || len(arr) == 0 {
		return "", nil, fmt.Errorf("redisadapter: %s: unexpected script reply %T", op, v)
	}
	s, ok := arr[0].(string)
	if !ok {
		return "", nil, fmt.Errorf("redisadapter: %s: unexpected script status %T", op, arr[0])
	}
	return s, arr[1:], nil
}

// pairs turns a flat HGETALL-style reply into a map.
func pairs(v any) (map[string]string, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("unexpected hash reply %T", v)
	}
	if len(arr)%2 != 0 {
		return nil, fmt.Errorf("hash reply has an odd number of elements (%d)", len(arr))
	}
	m := make(map[string]string, len(arr)/2)
	for i := 0; i < len(arr); i += 2 {
		k, ok1 := arr[i].(string)
		val, ok2 := arr[i+1].(string)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("hash reply holds %T/%T, not strings", arr[i], arr[i+1])
		}
		m[k] = val
	}
	return m, nil
}
