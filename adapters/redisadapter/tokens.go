package redisadapter

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// CreateVerificationToken stores the token with a TTL ending at its Expires
// plus Options.Retain (no TTL with Options.KeepExpired), or returns
// adapter.ErrConflict if the same (Identifier, Token) exists.
func (a *Adapter) CreateVerificationToken(ctx context.Context, t *adapter.VerificationToken) error {
	const op = "create verification token"
	if t == nil {
		return fail(op, errors.New("verification token is nil"))
	}
	key, member := a.tokenKey(t.Identifier, t.Token), tokenMember(t.Identifier, t.Token)
	args := append([]any{"SET", key, ms(t.Expires), "NX"}, a.expiry(t.Expires)...)
	err := a.rdb.Do(ctx, args...).Err()
	if errors.Is(err, redis.Nil) {
		return conflict(op, "this token exists for this identifier")
	}
	if err != nil {
		return fail(op, err)
	}
	err = a.rdb.ZAdd(ctx, a.tokenExpiryIndex(), redis.Z{Score: float64(t.Expires.UnixMilli()), Member: member}).Err()
	if err != nil {
		// Undo the first step so that no token exists unindexed.
		if derr := a.rdb.Del(context.WithoutCancel(ctx), key).Err(); derr != nil {
			return fail(op, fmt.Errorf("indexing the token failed (%w) and removing it again failed too (%v)", err, derr))
		}
		return fail(op, fmt.Errorf("indexing the token: %w", err))
	}
	return nil
}

// UseVerificationToken deletes and returns the token matching both fields
// with one GETDEL, so that of concurrent callers exactly one gets it; the
// others get adapter.ErrNotFound, as do callers for a token whose TTL has run
// out (see the package doc on expiry).
func (a *Adapter) UseVerificationToken(ctx context.Context, identifier, token string) (*adapter.VerificationToken, error) {
	const op = "use verification token"
	v, err := a.rdb.GetDel(ctx, a.tokenKey(identifier, token)).Result()
	if errors.Is(err, redis.Nil) {
		return nil, notFound(op)
	}
	if err != nil {
		return nil, fail(op, err)
	}
	// The token is used; a failure here only leaves an index entry that
	// DeleteExpired drops when it meets it.
	_ = a.rdb.ZRem(ctx, a.tokenExpiryIndex(), tokenMember(identifier, token)).Err()
	exp, err := parseMS(v)
	if err != nil {
		return nil, fail(op, fmt.Errorf("token used, but its stored expiry is unreadable: %w", err))
	}
	return &adapter.VerificationToken{Identifier: identifier, Token: token, Expires: exp}, nil
}
