// Package ratelimit holds Memory, the in-process adapter.RateLimitStore
// gatehouse uses by default for its limits on failed credentials sign-ins
// and email links: fixed windows, bounded memory, an injectable clock.
package ratelimit
