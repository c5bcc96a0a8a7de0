package adapter

// As finds the optional capability T (an interface of this package such as
// Transactor or SessionLister, or an adapter's own) on a, looking through
// the wrappers around it. It returns the capability and true, or T's zero
// value and false if neither a nor any adapter it wraps has it. A nil a has
// none.
//
// The chain starts at a and goes on through Unwrap() Adapter methods, the
// way errors.As walks Unwrap() error and net/http's ResponseController walks
// Unwrap() http.ResponseWriter. At each adapter x in the chain:
//
//  1. if x implements T, As returns x;
//  2. else, if x has a method As(target any) bool and x.As(p) reports true
//     for p, a non-nil *T, As returns *p;
//  3. else, if x has a method Unwrap() Adapter, As moves on to what it
//     returns; otherwise the search ends and reports false.
//
// So the outermost adapter that has T wins, and a wrapper decides what
// happens to each capability: it lets a capability pass through by saying
// nothing about it (rule 3), and intercepts one it must see (a cache that
// must drop entries on every write) by implementing it (rule 1). A wrapper
// that must intercept a capability only when what it wraps has it, such as
// a cache around an adapter that may or may not be a Transactor, does so in
// its As method (rule 2): it answers with its intercepting value when the
// wrapped adapter has T and reports false otherwise, so that the search
// finds nothing further down either.
func As[T any](a Adapter) (T, bool) {
	for a != nil {
		if t, ok := a.(T); ok {
			return t, true
		}
		if x, ok := a.(interface{ As(any) bool }); ok {
			var t T
			if x.As(&t) {
				return t, true
			}
		}
		u, ok := a.(interface{ Unwrap() Adapter })
		if !ok {
			break
		}
		a = u.Unwrap()
	}
	var zero T
	return zero, false
}
