package gatehouse

// JWTCacheStats returns the counters of the verified-token cache of JWT
// sessions, summed over its cookie names, for an exporter that polls
// rather than counting MetricCacheLookups through Config.Metrics. ok is false when sessions are not JWT
// sessions or the cache is disabled (SessionConfig.JWTCacheSize < 0).
func (a *Auth) JWTCacheStats() (stats TokenCacheStats, ok bool) {
	j, isJWT := a.strategy.(*jwtStrategy)
	if !isJWT {
		return TokenCacheStats{}, false
	}
	seen := map[*tokenCache]bool{}
	for _, c := range []*tokenCache{j.plain.cache, j.secure.cache} {
		if c == nil || seen[c] {
			continue
		}
		seen[c] = true
		s := c.snapshot()
		stats.Hits += s.Hits
		stats.Misses += s.Misses
		stats.Evictions += s.Evictions
		stats.Entries += s.Entries
		stats.Size += s.Size
		ok = true
	}
	return stats, ok
}
