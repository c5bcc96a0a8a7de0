package gatehouse

import (
	"container/list"
	"context"
	"crypto/sha256"
	"sync"
	"time"

	"github.com/gatehouse-go/gatehouse/jwt"
)

// Bounds of a [tokenCache].
const (
	// tokenCacheSize is the most tokens a cache holds by default.
	tokenCacheSize = 8192
	// tokenCacheMaxLen is the longest token cached: one cookie of a v5
	// token. Longer (chunked) tokens are decoded on every read, so the
	// cache holds at most about tokenCacheSize × 4 KB of tokens' claims.
	tokenCacheMaxLen = jwt.ChunkSizeV5
)

// tokenCache remembers the claims of session tokens decoded recently, so
// that the reads of one browser's session between two re-issues (by
// default a day, Session.UpdateAge) cost a SHA-256 and a map look-up
// instead of a decryption and a JSON parse.
//
// It is safe because a token is authenticated ciphertext: the key is the
// SHA-256 of the whole token as the cookie held it, and a token is cached
// only after the codec decrypted it and checked its tag and time claims,
// so a hit is the exact byte string that was verified, and under the
// strategy's fixed secrets it decrypts to the same claims every time.
// Only successes are cached, so invalid tokens cannot fill it.
//
// An entry is used only while the clock lies between the time it was
// cached (so a clock set back cannot make a token read before its "nbf"
// or "iat") and the token's "exp" (so the tolerance on "exp" is applied by
// the codec, once the entry is stale); outside that window the token is
// decoded again and the entry dropped or replaced. The cache holds at most
// SessionConfig.JWTCacheSize (default tokenCacheSize) entries and tokens of
// at most tokenCacheMaxLen bytes; when full, the least recently used entry
// makes room. Claims in it are shared and
// must never be modified: load clones them before any callback sees them.
type tokenCache struct {
	mu      sync.Mutex
	size    int
	entries map[[sha256.Size]byte]*list.Element // of *lruEntry
	order   list.List                           // front: most recently used
	stats   TokenCacheStats
}

// lruEntry is one element of tokenCache.order.
type lruEntry struct {
	key [sha256.Size]byte
	val cachedToken
}

// TokenCacheStats counts the work of the verified-token cache of JWT
// sessions (see SessionConfig.JWTCacheSize), for a metrics exporter.
type TokenCacheStats struct {
	// Hits counts reads answered from the cache.
	Hits uint64
	// Misses counts cacheable reads that had to decrypt the token (stale
	// entries included).
	Misses uint64
	// Evictions counts entries dropped to make room, least recently used
	// first.
	Evictions uint64
	// Entries is the number of tokens held now; Size the most it holds.
	Entries, Size int
}

// cachedToken is one decoded token.
type cachedToken struct {
	claims  jwt.Claims
	rotated bool
	from    time.Time // when it was cached
	until   time.Time // its "exp"
}

// newTokenCache returns a cache of at most size tokens (tokenCacheSize
// when size is 0).
func newTokenCache(size int) *tokenCache {
	if size <= 0 {
		size = tokenCacheSize
	}
	return &tokenCache{size: size, entries: make(map[[sha256.Size]byte]*list.Element)}
}

// get returns the cached claims of the token with hash key, if usable at
// now, and makes it the most recently used.
func (c *tokenCache) get(key [sha256.Size]byte, now time.Time) (cachedToken, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		c.stats.Misses++
		return cachedToken{}, false
	}
	e := el.Value.(*lruEntry).val
	if now.Before(e.from) || !now.Before(e.until) {
		c.order.Remove(el)
		delete(c.entries, key)
		c.stats.Misses++
		return cachedToken{}, false
	}
	c.order.MoveToFront(el)
	c.stats.Hits++
	return e, true
}

// put caches e under key; when full, the least recently used entry makes
// room.
func (c *tokenCache) put(key [sha256.Size]byte, e cachedToken) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		el.Value.(*lruEntry).val = e
		c.order.MoveToFront(el)
		return
	}
	if len(c.entries) >= c.size {
		if last := c.order.Back(); last != nil {
			c.order.Remove(last)
			delete(c.entries, last.Value.(*lruEntry).key)
			c.stats.Evictions++
		}
	}
	c.entries[key] = c.order.PushFront(&lruEntry{key: key, val: e})
}

// snapshot returns the counters and the current fill.
func (c *tokenCache) snapshot() TokenCacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.stats
	st.Entries, st.Size = len(c.entries), c.size
	return st
}

// The attributes of MetricCacheLookups for the verified-token cache, built
// once: a lookup reports them without allocating.
var (
	jwtCacheHit  = []Attr{{"cache", "jwt"}, {"result", "hit"}}
	jwtCacheMiss = []Attr{{"cache", "jwt"}, {"result", "miss"}}
)

// decodeCached is decode through the cache, reporting the lookup's result
// to cs.metrics. The claims it returns are
// shared with the cache and must not be modified.
func (cs *jwtCodecs) decodeCached(ctx context.Context, raw string, now time.Time) (claims jwt.Claims, rotated bool, err error) {
	if cs.cache == nil || len(raw) > tokenCacheMaxLen {
		return cs.decode(raw)
	}
	key := sha256.Sum256([]byte(raw))
	e, ok := cs.cache.get(key, now)
	if cs.metrics != nil {
		attrs := jwtCacheMiss
		if ok {
			attrs = jwtCacheHit
		}
		cs.metrics.Add(ctx, MetricCacheLookups, 1, attrs...)
	}
	if ok {
		return e.claims, e.rotated, nil
	}
	claims, rotated, err = cs.decode(raw)
	if err == nil {
		if exp := claims.ExpiresAt(); now.Before(exp) {
			cs.cache.put(key, cachedToken{claims: claims, rotated: rotated, from: now, until: exp})
		}
	}
	return claims, rotated, err
}
