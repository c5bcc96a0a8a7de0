package adaptertest_test

import (
	"context"
	"sync"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
)

// reusesRolledBackIDs behaves as a database with integer ids that hands a
// rolled-back id to the next insert (SQLite's INTEGER PRIMARY KEY does):
// right after an InTx that failed, another user is stored under each id the
// transaction had created, as a concurrent sign-in would be.
type reusesRolledBackIDs struct {
	*memory.Adapter
}

func (r reusesRolledBackIDs) InTx(ctx context.Context, fn func(tx adapter.Adapter) error) error {
	var mu sync.Mutex
	var ids []string
	err := r.Adapter.InTx(ctx, func(tx adapter.Adapter) error {
		return fn(recordIDs{Adapter: tx, add: func(id string) { mu.Lock(); ids = append(ids, id); mu.Unlock() }})
	})
	if err != nil {
		for _, id := range ids {
			_, _ = r.Adapter.CreateUser(ctx, &adapter.User{ID: id, Email: "next-" + id + "@example.com"})
		}
	}
	return err
}

type recordIDs struct {
	adapter.Adapter
	add func(id string)
}

func (x recordIDs) CreateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	got, err := x.Adapter.CreateUser(ctx, u)
	if err == nil {
		x.add(got.ID)
	}
	return got, err
}

// TestSuiteAllowsReusedIDs checks that the Transactor subtests judge a
// rollback by the rolled-back user's data, not by its id alone: an adapter
// whose database reuses a rolled-back integer id for another user's insert
// is correct, and the suite must not fail it (it did, intermittently, on
// SQLite with the NextAuth.js v3 preset).
func TestSuiteAllowsReusedIDs(t *testing.T) {
	a := reusesRolledBackIDs{memory.New()}
	adaptertest.Run(t, func(t *testing.T) adapter.Adapter { return a })
}
