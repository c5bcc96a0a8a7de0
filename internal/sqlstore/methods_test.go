package sqlstore

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestMethodsOfAZeroAdapter checks that an adapter whose Methods were never
// bound (a zero value) reports an error saying how to create it instead
// of panicking.
func TestMethodsOfAZeroAdapter(t *testing.T) {
	var m Methods
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
	}{
		{"GetUser", func() error { _, err := m.GetUser(ctx, "u"); return err }},
		{"DeleteSession", func() error { return m.DeleteSession(ctx, "tok") }},
		{"GetSessionAndUser", func() error { _, _, err := m.GetSessionAndUser(ctx, "tok"); return err }},
		{"DeleteExpired", func() error { _, _, err := m.DeleteExpired(ctx, time.Now(), 1); return err }},
	}
	for _, tc := range tests {
		if err := tc.call(); !errors.Is(err, errNotCreated) {
			t.Errorf("%s on a zero adapter = %v, want errNotCreated", tc.name, err)
		}
	}
}
