package redisadapter

import (
	"context"
	"fmt"
	"strconv"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// counterScript sets an existing passkey's counter and returns its hash.
// KEYS[1] credential key; ARGV counter.
var counterScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return {'notfound'} end
redis.call('HSET', KEYS[1], 'counter', ARGV[1])
return {'ok', redis.call('HGETALL', KEYS[1])}
`)

func authenticatorFields(x *adapter.Authenticator) []any {
	f := []any{
		"id", x.CredentialID, "userId", x.UserID, "pid", x.ProviderAccountID,
		"pk", x.CredentialPublicKey, "counter", strconv.FormatInt(x.Counter, 10),
		"dt", x.CredentialDeviceType, "bu", strconv.FormatBool(x.CredentialBackedUp),
	}
	if x.Transports != "" {
		f = append(f, "tr", x.Transports)
	}
	return f
}

func decodeAuthenticator(op string, v any) (*adapter.Authenticator, error) {
	m, err := pairs(v)
	if err != nil {
		return nil, fail(op, err)
	}
	if len(m) == 0 {
		return nil, notFound(op)
	}
	x := &adapter.Authenticator{
		CredentialID: m["id"], UserID: m["userId"], ProviderAccountID: m["pid"],
		CredentialPublicKey: m["pk"], CredentialDeviceType: m["dt"], Transports: m["tr"],
	}
	if x.Counter, err = strconv.ParseInt(m["counter"], 10, 64); err != nil {
		return nil, fail(op, fmt.Errorf("passkey counter %q: %w", m["counter"], err))
	}
	if x.CredentialBackedUp, err = strconv.ParseBool(m["bu"]); err != nil {
		return nil, fail(op, fmt.Errorf("passkey backed-up flag %q: %w", m["bu"], err))
	}
	return x, nil
}

// CreateAuthenticator stores a passkey. It returns adapter.ErrConflict if its
// CredentialID exists and adapter.ErrNotFound if its user does not exist.
func (a *Adapter) CreateAuthenticator(ctx context.Context, x *adapter.Authenticator) error {
	const op = "create authenticator"
	if x == nil {
		return fail(op, fmt.Errorf("authenticator is nil"))
	}
	args := append([]any{a.base + "uc:", x.UserID, x.CredentialID}, authenticatorFields(x)...)
	st, _, err := a.run(ctx, op, linkScript, []string{a.credKey(x.CredentialID), a.userKey(x.UserID)}, args...)
	if err != nil {
		return err
	}
	switch st {
	case "conflict":
		return conflict(op, "a passkey with this credential ID exists")
	case "notfound":
		return notFound(op + ": the passkey's user")
	}
	return nil
}

// GetAuthenticator returns the passkey, or adapter.ErrNotFound.
func (a *Adapter) GetAuthenticator(ctx context.Context, credentialID string) (*adapter.Authenticator, error) {
	const op = "get authenticator"
	m, err := a.rdb.HGetAll(ctx, a.credKey(credentialID)).Result()
	if err != nil {
		return nil, fail(op, err)
	}
	return decodeAuthenticator(op, flatten(m))
}

// ListAuthenticators returns the user's passkeys; an unknown user has none.
func (a *Adapter) ListAuthenticators(ctx context.Context, userID string) ([]*adapter.Authenticator, error) {
	return listHashes(ctx, a, "list authenticators", a.base+"uc:"+userID, a.base+"c:", decodeAuthenticator)
}

// UpdateAuthenticatorCounter sets the passkey's Counter and returns it, or
// returns adapter.ErrNotFound.
func (a *Adapter) UpdateAuthenticatorCounter(ctx context.Context, credentialID string, counter int64) (*adapter.Authenticator, error) {
	const op = "update authenticator counter"
	st, rest, err := a.run(ctx, op, counterScript, []string{a.credKey(credentialID)}, counter)
	if err != nil {
		return nil, err
	}
	if st == "notfound" || len(rest) != 1 {
		return nil, notFound(op)
	}
	return decodeAuthenticator(op, rest[0])
}
