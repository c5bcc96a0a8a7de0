// Package ratelimit counts events per key in fixed windows, with bounded
// memory and an injectable clock. gatehouse uses it to limit failed
// credentials sign-ins (per identifier and per client address) and email
// sends.
package ratelimit
