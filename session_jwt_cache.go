package gatehouse

import (
	"crypto/sha256"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gatehouse-go/gatehouse/jwt"
)

// Bounds of a [tokenCache].
const (
	// defaultTokenCacheSize is the most tokens a cache holds unless
	// SessionConfig.JWTCacheSize says otherwise.
	defaultTokenCacheSize = 8192
	// tokenCacheMaxLen is the longest token cached: one cookie of a v5
	// token. Longer (chunked) tokens are decoded on every read, so the
	// cache holds at most about size × 4 KB of tokens' claims.
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
// size entries and tokens of at most tokenCacheMaxLen bytes. When full it
// evicts by CLOCK (second chance): a hand sweeps the slots, clearing the
// "used" mark of each entry read since the hand last passed and evicting
// the first one not read, so the sessions of active browsers stay and
// those of browsers gone quiet make room, at the cost of one bit per
// entry and no list to maintain on reads. Claims in it are shared and must
// never be modified: load clones them before any callback sees them.
type tokenCache struct {
	mu    sync.Mutex
	index map[[sha256.Size]byte]int // key → slot
	slots []tokenSlot
	free  []int // slots emptied by stale entries
	hand  int
	// hits and misses count get's answers, for TokenCacheStats.
	hits, misses atomic.Uint64
}

// tokenSlot is one place in the cache.
type tokenSlot struct {
	key  [sha256.Size]byte
	e    cachedToken
	used bool // read since the hand last passed
	live bool
}

// cachedToken is one decoded token.
type cachedToken struct {
	claims  jwt.Claims
	rotated bool
	from    time.Time // when it was cached
	until   time.Time // its "exp"
}

// newTokenCache returns a cache of at most size tokens (at least 1).
func newTokenCache(size int) *tokenCache {
	size = max(size, 1)
	return &tokenCache{index: make(map[[sha256.Size]byte]int, size), slots: make([]tokenSlot, 0, size)}
}

// len is the number of entries.
func (c *tokenCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.index)
}

// get returns the cached claims of the token with hash key, if usable at now.
func (c *tokenCache) get(key [sha256.Size]byte, now time.Time) (cachedToken, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	i, ok := c.index[key]
	if !ok {
		c.misses.Add(1)
		return cachedToken{}, false
	}
	sl := &c.slots[i]
	if now.Before(sl.e.from) || !now.Before(sl.e.until) {
		delete(c.index, key)
		*sl = tokenSlot{}
		c.free = append(c.free, i)
		c.misses.Add(1)
		return cachedToken{}, false
	}
	sl.used = true
	c.hits.Add(1)
	return sl.e, true
}

// put caches e under key.
func (c *tokenCache) put(key [sha256.Size]byte, e cachedToken) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if i, ok := c.index[key]; ok {
		c.slots[i].e = e
		return
	}
	var i int
	switch {
	case len(c.free) > 0:
		i = c.free[len(c.free)-1]
		c.free = c.free[:len(c.free)-1]
	case len(c.slots) < cap(c.slots):
		c.slots = append(c.slots, tokenSlot{})
		i = len(c.slots) - 1
	default:
		// Full: the first slot the hand finds unread since its last pass.
		// At most one full turn clears every mark, so this ends.
		for {
			sl := &c.slots[c.hand]
			if !sl.used {
				break
			}
			sl.used = false
			c.hand = (c.hand + 1) % len(c.slots)
		}
		i = c.hand
		delete(c.index, c.slots[i].key)
		c.hand = (c.hand + 1) % len(c.slots)
	}
	c.slots[i] = tokenSlot{key: key, e: e, live: true}
	c.index[key] = i
}

// decodeCached is decode through the cache. The claims it returns are
// shared with the cache and must not be modified.
func (cs *jwtCodecs) decodeCached(raw string, now time.Time) (claims jwt.Claims, rotated bool, err error) {
	if cs.cache == nil || len(raw) > tokenCacheMaxLen {
		return cs.decode(raw)
	}
	key := sha256.Sum256([]byte(raw))
	if e, ok := cs.cache.get(key, now); ok {
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

// TokenCacheStats describes the verified-token cache of JWT sessions
// (SessionConfig.JWTCacheSize): hits and misses since New, over every
// cookie name, and the entries held now.
type TokenCacheStats struct {
	Hits, Misses uint64
	Entries      int
}

// TokenCacheStats returns the JWT token cache's counters; zero with
// database sessions or the cache turned off.
func (a *Auth) TokenCacheStats() TokenCacheStats {
	var st TokenCacheStats
	j, ok := a.strategy.(*jwtStrategy)
	if !ok {
		return st
	}
	for _, c := range j.caches() {
		st.Hits += c.hits.Load()
		st.Misses += c.misses.Load()
		st.Entries += c.len()
	}
	return st
}

// caches returns the strategy's token caches (one per cookie name).
func (j *jwtStrategy) caches() []*tokenCache {
	var out []*tokenCache
	for _, cs := range [...]*jwtCodecs{&j.plain, &j.secure} {
		if cs.cache != nil {
			out = append(out, cs.cache)
		}
	}
	return out
}
