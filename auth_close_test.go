package gatehouse

import (
	"context"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// TestAdapterAndClose checks that Auth.Adapter is the adapter New made
// from Config.Database (usable from Authorize without a second pool), and
// that Close closes it, but leaves an application's own Adapter open.
func TestAdapterAndClose(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name      string
		cfg       func(url string) (Config, *sqladapter.Adapter)
		wantOwned bool
	}{
		{"Database URL", func(url string) (Config, *sqladapter.Adapter) {
			return Config{Database: url + "&synchronize=true"}, nil
		}, true},
		{"Adapter of the application", func(url string) (Config, *sqladapter.Adapter) {
			ad := sqladapter.New(sqladapter.Config{URL: url, Synchronize: true})
			return Config{Adapter: ad}, ad
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, own := c.cfg(testsvc.NewPostgres(t).URL)
			if own != nil {
				t.Cleanup(func() { _ = own.Close() })
			}
			a, err := newWithDatabase(cfg)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			ad := a.Adapter()
			if _, ok := ad.(*sqladapter.Adapter); !ok {
				t.Fatalf("Adapter() is %T, want *sqladapter.Adapter", ad)
			}
			if own != nil && ad != adapter.Adapter(own) {
				t.Fatalf("Adapter() is not Config.Adapter")
			}
			u, err := ad.CreateUser(ctx, &adapter.User{Email: "close@example.com"})
			if err != nil {
				t.Fatalf("CreateUser through Adapter(): %v", err)
			}
			if err := a.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}
			if err := a.Close(); err != nil {
				t.Fatalf("second Close: %v", err)
			}
			_, err = ad.GetUser(ctx, u.ID)
			if c.wantOwned && err == nil {
				t.Fatal("GetUser after Close succeeded: Close left the pool New opened")
			}
			if !c.wantOwned && err != nil {
				t.Fatalf("GetUser after Close: %v; Close closed the application's own adapter", err)
			}
		})
	}
}

// TestAdapterWithout checks Adapter and Close without any store, and on a
// nil Auth.
func TestAdapterWithout(t *testing.T) {
	a, err := newWithDatabase(Config{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if ad := a.Adapter(); ad != nil {
		t.Fatalf("Adapter() = %T, want nil with no Database or Adapter", ad)
	}
	if err := a.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	var none *Auth
	if none.Adapter() != nil || none.Close() != nil {
		t.Fatal("a nil *Auth's Adapter/Close should be nil")
	}
}
