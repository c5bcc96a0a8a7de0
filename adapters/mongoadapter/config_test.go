package mongoadapter

import (
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse"
	"github.com/gatehouse-go/gatehouse/adapter"
)

// TestConfigDatabase checks Config.Database with a mongodb:// URL and
// Config.Openers: gatehouse.New opens the adapter through Open and its Init
// creates the indexes in the URL's database; without Openers the URL is a
// configuration error that says what to add.
func TestConfigDatabase(t *testing.T) {
	client, svc := newTestClient(t, nil) // drops the database at the end
	raw := strings.TrimRight(svc.URL, "/") + "/" + svc.Database
	cfg := gatehouse.Config{
		Database: raw,
		Openers:  Openers(),
		Secrets:  []string{strings.Repeat("s", 32)},
		URL:      "http://localhost:3000",
	}
	auth, err := gatehouse.New(cfg)
	if err != nil {
		t.Fatalf("New with Database %s: %v", raw, err)
	}
	t.Cleanup(func() { auth.Close() }) // the client Database opened
	a, err := New(client, Options{Database: svc.Database})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := listIndexes(t, a)["users."+indexUserEmail]; !ok {
		t.Errorf("New did not create the indexes in database %s (Init was not called on the opened adapter)", svc.Database)
	}
	if _, err := a.CreateUser(t.Context(), &adapter.User{Email: "cfg@example.com"}); err != nil {
		t.Fatal(err)
	}

	cfg.Openers = nil
	if _, err := gatehouse.New(cfg); err == nil || !strings.Contains(err.Error(), "Openers") {
		t.Errorf("New with a mongodb:// Database and no Openers: %v, want an error naming Config.Openers", err)
	}
}
