package adapter

import (
	"context"
	"errors"
	"time"
)

// RateLimitStore keeps the counters behind gatehouse's rate limits (failed
// credentials sign-ins, email links sent), so that several instances of an
// application can share them: a limit then holds in total, not per
// instance. Each key has a count that lives for a fixed window from the
// event that created it.
//
// Keys are short (at most 64 bytes of [A-Za-z0-9:_-]); gatehouse hashes the
// identifiers and client addresses it limits before using them as keys.
//
// Implementations: the in-memory store gatehouse uses by default (one per
// process: with N instances every limit is N times as large),
// redisadapter.NewRateLimitStore and sqladapter.NewRateLimitStore. The
// conformance suite is adaptertest.RunRateLimitStore.
type RateLimitStore interface {
	// AddCount adds n to key's count and returns the count after the
	// change and when key's window ends, in one atomic step. A key whose
	// window has ended counts as absent. When key is absent and n > 0 it
	// is created with count n and a window of length window; when key is
	// absent and n <= 0 nothing is stored and AddCount returns a zero
	// RateCount. A count never goes below zero. n == 0 reads the count.
	//
	// A store that bounds its size and cannot take a new key returns an
	// error wrapping ErrRateLimitStoreFull (also for n == 0, so that the
	// caller can refuse an attempt it could not count); existing keys keep
	// working.
	AddCount(ctx context.Context, key string, n int, window time.Duration) (RateCount, error)
	// ResetCount deletes key. Deleting an absent key is not an error.
	ResetCount(ctx context.Context, key string) error
}

// RateCount is a key's count in a RateLimitStore and when its window ends
// (zero when the key is absent).
type RateCount struct {
	Count int
	Reset time.Time
}

// ErrRateLimitStoreFull is wrapped by a RateLimitStore's error when it
// cannot take a new key. gatehouse then refuses the attempt (it fails
// closed) rather than dropping the count of another key, which could
// unlock a locked account.
var ErrRateLimitStoreFull = errors.New("rate limit store is full")
