package adapter

import "github.com/google/uuid"

// NewID returns a new random identifier for a user or account: a UUIDv7 in
// its canonical 36-character form. UUIDv7s sort by creation time, which keeps
// B-tree indexes compact. It panics only if the system's random source fails,
// as crypto/rand does.
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}
