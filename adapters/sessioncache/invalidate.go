package sessioncache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// Invalidator carries invalidations between the Caches of several
// instances of an application that share one store (Options.Invalidator).
// Implementations: redisadapter.Invalidator (Redis pub/sub) and
// pgnotify.Invalidator (PostgreSQL LISTEN/NOTIFY, package
// adapters/sqladapter/pgnotify).
//
// Messages are short strings made by the Cache; they never contain a
// session token, only its SHA-256.
type Invalidator interface {
	// Publish sends msg to every subscriber, on every instance, this one
	// included.
	Publish(ctx context.Context, msg string) error
	// Subscribe calls deliver with every message published from the moment
	// it is listening, in order, from one goroutine. It calls ready (if
	// not nil) once it is listening. It blocks until ctx ends (then it
	// returns ctx.Err()) or the channel fails (then it returns the error;
	// messages published meanwhile may be lost).
	Subscribe(ctx context.Context, ready func(), deliver func(msg string)) error
}

// Message prefixes.
const (
	msgSession = "s:" // SHA-256 (hex) of a session token
	msgUser    = "u:" // user ID
	msgExpired = "x:" // Unix nanoseconds: sessions expiring before
)

// tokenHash is the form of a session token in messages.
func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// publish sends msg through the invalidator, if any, and logs a failure:
// the other instances then serve the entry until their TTL.
func (c *Cache) publish(msg string) {
	if c.inv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := c.inv.Publish(ctx, msg); err != nil {
		c.log.Error("sessioncache: publishing an invalidation failed; other instances serve the entry until their TTL",
			"ttl", c.ttl, "error", err)
	}
}

// listen runs the subscription until ctx ends, resubscribing after a
// failure. While it is down, other instances' changes reach this cache
// only through the TTL, so after every failure it empties the cache (a
// missed message cannot keep an entry past the moment the channel is back)
// and says so in a log line.
func (c *Cache) listen(ctx context.Context) {
	defer close(c.done)
	backoff := 100 * time.Millisecond
	for {
		err := c.inv.Subscribe(ctx, func() {
			c.flush()
			c.readyOnce.Do(func() { close(c.ready) })
		}, c.receive)
		if ctx.Err() != nil {
			return
		}
		c.log.Error("sessioncache: invalidation channel lost; until it is back, changes made on other instances are seen after the TTL; resubscribing",
			"ttl", c.ttl, "retry", backoff, "error", err)
		c.flush()
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// receive applies one message from any instance.
func (c *Cache) receive(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	switch {
	case strings.HasPrefix(msg, msgSession):
		if tok, ok := c.byHash[strings.TrimPrefix(msg, msgSession)]; ok {
			c.remove(c.byTok[tok])
		}
	case strings.HasPrefix(msg, msgUser):
		for tok := range c.byUser[strings.TrimPrefix(msg, msgUser)] {
			c.remove(c.byTok[tok])
		}
	case strings.HasPrefix(msg, msgExpired):
		if n, err := strconv.ParseInt(strings.TrimPrefix(msg, msgExpired), 10, 64); err == nil {
			c.removeExpired(time.Unix(0, n))
		}
	default:
		// Unknown: drop everything rather than risk keeping what it meant.
		c.clear()
	}
}

// flush drops every entry.
func (c *Cache) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.clear()
}

// Ready is closed once the Cache listens to Options.Invalidator (at once
// when there is none), for tests and readiness probes.
func (c *Cache) Ready() <-chan struct{} { return c.ready }

// Stop stops listening to Options.Invalidator and waits for the listener
// to end. It does not close the wrapped adapter (it is not named Close so
// that the Cache does not look like an io.Closer that the wrapped adapter
// is not).
func (c *Cache) Stop() {
	if c.stop != nil {
		c.stop()
		<-c.done
	}
}

// discardLogger is the logger when Options.Logger is nil.
func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }
