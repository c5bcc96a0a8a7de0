package memory

import (
	"context"
	"sync"
)

// txAdapter is the adapter.Adapter that InTx passes to its function. It works
// on a private copy of the data; the Adapter's lock is held by InTx.
type txAdapter struct {
	store

	mu   sync.Mutex
	st   *state
	done bool
}

func newTx(st *state) *txAdapter {
	x := &txAdapter{st: st}
	x.store = store{run: x.run}
	return x
}

func (x *txAdapter) finish() {
	x.mu.Lock()
	x.done = true
	x.mu.Unlock()
}

// run runs f on the transaction's copy, or fails once InTx has returned.
func (x *txAdapter) run(ctx context.Context, _ bool, f func(st *state) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.done {
		return errTxDone
	}
	return f(x.st)
}
