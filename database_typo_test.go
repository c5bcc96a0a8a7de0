package gatehouse

import (
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/providers"
	"github.com/gatehouse-go/gatehouse/providers/email"
)

// TestDatabaseTypoOneError checks that a Database that does not parse is
// reported once: not followed by a second, wrong error that an email
// provider or database sessions need an adapter.
func TestDatabaseTypoOneError(t *testing.T) {
	links, err := email.New(email.Options{DevMode: true, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"scheme typo with email", Config{Database: "postgress://u@127.0.0.1/test", Providers: []providers.Provider{links}}, "postgress"},
		{"wrong type with database sessions", Config{Database: 42, Session: SessionConfig{Strategy: StrategyDatabase}}, "Database is a int"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := newWithDatabase(c.cfg)
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Field != "Database" || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("New: %v, want one Database error mentioning %q", err, c.want)
			}
			if strings.Contains(err.Error(), "configuration problems") || strings.Contains(err.Error(), "Adapter") && !strings.Contains(ce.Problem, "Adapter") {
				t.Fatalf("New: %v, want only the Database error", err)
			}
		})
	}
}
