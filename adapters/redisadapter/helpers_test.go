package redisadapter

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// newClient returns a client on the test Redis and a fresh prefix whose keys
// are deleted when the test ends.
func newClient(t testing.TB) (*redis.Client, string) {
	t.Helper()
	svc := testsvc.NewRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: svc.Addr})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var cursor uint64
		for {
			keys, next, err := rdb.Scan(ctx, cursor, svc.Prefix+"*", 500).Result()
			if err != nil {
				t.Logf("cleanup: scan %s*: %v", svc.Prefix, err)
				break
			}
			if len(keys) > 0 {
				if err := rdb.Del(ctx, keys...).Err(); err != nil {
					t.Logf("cleanup: del: %v", err)
				}
			}
			if cursor = next; cursor == 0 {
				break
			}
		}
		rdb.Close()
	})
	return rdb, svc.Prefix
}

// ForTest returns an Adapter with opts on its own prefix, whose keys
// are deleted when the test ends; hooks are added to its client. It is
// exported for this package's external tests (the export_test idiom).
func ForTest(t testing.TB, opts Options, hooks ...redis.Hook) *Adapter {
	t.Helper()
	rdb, prefix := newClient(t)
	for _, h := range hooks {
		rdb.AddHook(h)
	}
	opts.Prefix = prefix
	a, err := New(rdb, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

// newTestAdapter returns an Adapter on its own prefix.
func newTestAdapter(t testing.TB, opts Options) (*Adapter, *redis.Client) {
	t.Helper()
	rdb, prefix := newClient(t)
	if opts.Prefix == "" {
		opts.Prefix = prefix
	} else {
		t.Fatalf("newTestAdapter sets the prefix itself")
	}
	a, err := New(rdb, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a, rdb
}

// keysUnder lists every key under the prefix.
func keysUnder(t testing.TB, rdb *redis.Client, prefix string) []string {
	t.Helper()
	var all []string
	var cursor uint64
	for {
		keys, next, err := rdb.Scan(context.Background(), cursor, prefix+"*", 500).Result()
		if err != nil {
			t.Fatalf("scan: %v", err)
		}
		all = append(all, keys...)
		if cursor = next; cursor == 0 {
			return all
		}
	}
}

// RoundTrips is a go-redis hook that counts round trips: one per command
// sent alone, one per pipeline.
type RoundTrips struct{ n atomic.Int64 }

// Count returns the round trips counted so far.
func (h *RoundTrips) Count() int64 { return h.n.Load() }

func (h *RoundTrips) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h *RoundTrips) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.n.Add(1)
		return next(ctx, cmd)
	}
}
func (h *RoundTrips) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		h.n.Add(1)
		return next(ctx, cmds)
	}
}

// keySlot computes the Redis Cluster slot of a key (CRC16/XMODEM of the hash
// tag, or of the whole key, modulo 16384), as the Cluster specification
// defines it.
func keySlot(key string) int {
	if i := strings.IndexByte(key, '{'); i >= 0 {
		if j := strings.IndexByte(key[i+1:], '}'); j > 0 {
			key = key[i+1 : i+1+j]
		}
	}
	var crc uint16
	for k := 0; k < len(key); k++ {
		crc ^= uint16(key[k]) << 8
		for b := 0; b < 8; b++ {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return int(crc) % 16384
}
