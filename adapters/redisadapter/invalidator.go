package redisadapter

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// Invalidator is a sessioncache.Invalidator over Redis pub/sub: give the
// same one (same server and channel) to the sessioncache.Options of every
// instance. Pub/sub delivers at most once and keeps nothing for a
// subscriber that is disconnected; the Cache therefore empties itself and
// logs a line whenever Subscribe fails (see package sessioncache).
type Invalidator struct {
	rdb     redis.UniversalClient
	channel string
}

// NewInvalidator returns an Invalidator publishing on channel (for example
// "myapp:sessioncache"; every instance of one application must use the
// same).
func NewInvalidator(rdb redis.UniversalClient, channel string) (*Invalidator, error) {
	if rdb == nil {
		return nil, errors.New("redisadapter: NewInvalidator: nil Redis client")
	}
	if channel == "" {
		return nil, errors.New(`redisadapter: NewInvalidator: empty channel name; use one per application, such as "myapp:sessioncache"`)
	}
	return &Invalidator{rdb: rdb, channel: channel}, nil
}

// Publish sends msg to every subscriber of the channel.
func (v *Invalidator) Publish(ctx context.Context, msg string) error {
	if err := v.rdb.Publish(ctx, v.channel, msg).Err(); err != nil {
		return fmt.Errorf("redisadapter: publish on %q: %w", v.channel, err)
	}
	return nil
}

// Subscribe listens on the channel until ctx ends or the connection fails.
func (v *Invalidator) Subscribe(ctx context.Context, ready func(), deliver func(msg string)) error {
	ps := v.rdb.Subscribe(ctx, v.channel)
	defer ps.Close()
	// A blocked read does not watch ctx: closing the PubSub ends it.
	stop := context.AfterFunc(ctx, func() { ps.Close() })
	defer stop()
	// The first reply confirms the subscription: from then on nothing
	// published is missed while the connection holds.
	if _, err := ps.Receive(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("redisadapter: subscribe to %q: %w", v.channel, err)
	}
	if ready != nil {
		ready()
	}
	for {
		// ReceiveMessage returns the connection's error instead of
		// reconnecting silently (as PubSub.Channel would), so a gap is seen.
		m, err := ps.ReceiveMessage(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("redisadapter: receive on %q: %w", v.channel, err)
		}
		deliver(m.Payload)
	}
}
