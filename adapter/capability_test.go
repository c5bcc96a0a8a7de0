package adapter_test

import (
	"context"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
)

// passThrough is a wrapper that intercepts nothing.
type passThrough struct{ adapter.Adapter }

func (p passThrough) Unwrap() adapter.Adapter { return p.Adapter }

// hiding embeds an adapter without Unwrap: every optional capability of the
// embedded adapter is lost.
type hiding struct{ adapter.Adapter }

// pinging is a wrapper with a Ping of its own.
type pinging struct{ passThrough }

func (pinging) Ping(context.Context) error { return nil }

// txHook intercepts Transactor through its As method, only when the wrapped
// adapter has one.
type txHook struct{ passThrough }

type hookTx struct{ adapter.Transactor }

func (h txHook) As(target any) bool {
	p, ok := target.(*adapter.Transactor)
	if !ok {
		return false
	}
	tx, ok := adapter.As[adapter.Transactor](h.Adapter)
	if ok {
		*p = hookTx{tx}
	}
	return ok
}

// nilUnwrap ends its chain with a nil adapter.
type nilUnwrap struct{ adapter.Adapter }

func (nilUnwrap) Unwrap() adapter.Adapter { return nil }

func TestAs(t *testing.T) {
	m := memory.New()
	over := func(a adapter.Adapter) passThrough { return passThrough{a} }
	txOf := func(a adapter.Adapter) any { tx, _ := adapter.As[adapter.Transactor](a); return tx }
	pingerOf := func(a adapter.Adapter) any { p, _ := adapter.As[adapter.Pinger](a); return p }
	memOf := func(a adapter.Adapter) any { x, _ := adapter.As[*memory.Adapter](a); return x }
	listerOf := func(a adapter.Adapter) any { l, _ := adapter.As[adapter.SessionLister](a); return l }
	migratorOf := func(a adapter.Adapter) any { x, _ := adapter.As[adapter.Migrator](a); return x }

	tests := []struct {
		name string
		find func(adapter.Adapter) any
		in   adapter.Adapter
		want any // nil: not found
	}{
		{"nil adapter", txOf, nil, nil},
		{"the adapter itself", txOf, m, m},
		{"through one wrapper", txOf, over(m), m},
		{"through two wrappers", listerOf, over(over(m)), m},
		{"a capability nobody has", migratorOf, over(m), nil},
		{"lost without Unwrap", txOf, hiding{m}, nil},
		{"lost below a wrapper without Unwrap", txOf, over(hiding{m}), nil},
		{"the outermost implementation wins", pingerOf, over(pinging{over(m)}), pinging{over(m)}},
		{"a concrete type", memOf, over(over(m)), m},
		{"As method answers", txOf, txHook{over(m)}, hookTx{m}},
		{"As method over an adapter without it", txOf, txHook{over(hiding{m})}, nil},
		{"As method passes other capabilities on", listerOf, txHook{over(m)}, m},
		{"Unwrap returning nil", txOf, nilUnwrap{m}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.find(tc.in)
			if got != tc.want {
				t.Fatalf("found %T %v, want %T %v", got, got, tc.want, tc.want)
			}
		})
	}
}

func TestAsReportsFound(t *testing.T) {
	if tx, ok := adapter.As[adapter.Transactor](hiding{memory.New()}); ok || tx != nil {
		t.Fatalf("As on an adapter without the capability = %v, %v; want nil, false", tx, ok)
	}
	if tx, ok := adapter.As[adapter.Transactor](passThrough{memory.New()}); !ok || tx == nil {
		t.Fatalf("As through a wrapper = %v, %v; want the memory adapter, true", tx, ok)
	}
}
