package adaptertest

import (
	"context"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// Option configures Run.
type Option func(*config)

type extraField struct {
	name          string
	sample, other any
}

type config struct {
	userExtra    []extraField
	accountExtra map[string]any
	maxLen       int
	serial       bool
	selfExpiry   bool
	required     map[Capability]bool
}

// Capability names an optional part of the contract whose subtests Run
// skips when the adapter lacks it, unless WithCapabilities requires it.
type Capability string

// Optional capabilities.
const (
	Authenticators Capability = "adapter.AuthenticatorStore"
	Transactions   Capability = "adapter.Transactor"
	SessionListing Capability = "adapter.SessionLister"
	UserSessions   Capability = "adapter.UserSessionsDeleter"
	ExpiredCleanup Capability = "adapter.ExpiredCleaner"
	Pinging        Capability = "adapter.Pinger"
	// AuthenticatorDeletion is adapter.AuthenticatorDeleter (removing a
	// passkey).
	AuthenticatorDeletion Capability = "adapter.AuthenticatorDeleter"
)

// WithCapabilities declares optional capabilities the adapter must have: the
// subtests of each then fail, instead of being skipped, when adapter.As
// does not find it on the adapter (or, for Authenticators, when
// CreateAuthenticator returns adapter.ErrUnsupported). Use it so that a
// wrapper or configuration that loses a capability by mistake (a wrapper
// without Unwrap, say) fails in CI rather than skipping quietly. Default:
// none required.
func WithCapabilities(caps ...Capability) Option {
	return func(c *config) {
		if c.required == nil {
			c.required = map[Capability]bool{}
		}
		for _, x := range caps {
			c.required[x] = true
		}
	}
}

// WithUserExtra declares an application-defined user field that the adapter
// stores in User.Extra under name. sample and other are two different
// values of the field's type; the suite writes them and expects them back
// (compared with reflect.DeepEqual, or by their fmt %v forms when the
// adapter returns another type, such as int64 for int). Repeat the option for
// every field. Without it the suite neither writes nor checks User.Extra.
func WithUserExtra(name string, sample, other any) Option {
	return func(c *config) { c.userExtra = append(c.userExtra, extraField{name, sample, other}) }
}

// WithAccountExtra declares that the adapter round-trips Account.Extra, and
// gives sample non-standard token fields to write and expect back. Without
// it (the default, right for schema presets without an extra column) the
// suite still passes Extra to LinkAccount and UpdateAccount but only checks
// that the calls succeed and the standard fields round-trip.
func WithAccountExtra(sample map[string]any) Option {
	return func(c *config) { c.accountExtra = sample }
}

// WithMaxStringLength declares the longest string, in bytes, that the
// adapter's schema can store in its narrowest text column (255 for schemas
// with VARCHAR(255) columns such as the NextAuth.js v3 and @auth/pg-adapter
// layouts). Round-trip subtests with longer strings are skipped with a
// message. The default, 0, means no limit: the suite tries 4 KB and 10 KB
// strings in every string field.
func WithMaxStringLength(n int) Option {
	return func(c *config) { c.maxLen = n }
}

// WithoutParallel runs the subtests one after another. By default every
// subtest calls t.Parallel, which is safe because each creates its own data.
func WithoutParallel() Option {
	return func(c *config) { c.serial = true }
}

// WithSelfExpiry declares that the adapter deletes sessions and
// verification tokens by itself once their Expires has passed, as
// redisadapter does in its default TTL mode; adapter.SessionStore's
// GetSessionAndUser doc allows this. Without it (the default) the suite
// requires expired rows to stay readable until DeleteExpired. With it,
// exactly these expectations change, and nothing else:
//
//   - rules/GetSessionAndUserExpired and rules/UseVerificationTokenExpired
//     accept adapter.ErrNotFound for a row past its Expires; a row that is
//     returned must still be complete and correct, and a session that is
//     reported missing once must stay missing.
//   - optional/SessionLister requires the user's unexpired sessions and no
//     one else's; the user's expired session may be absent.
//   - optional/ExpiredCleaner uses the real current time as "now" (the
//     default far-past fixtures would already be gone) and does not
//     require DeleteExpired's first call to report exactly limit deletions,
//     since the store may have deleted the rows already; it still requires
//     each count to be at most limit, every expired row to be gone
//     afterwards, and every unexpired row and the user to be kept.
//
// Every other case, including every case with unexpired rows, runs
// unchanged. An adapter that can also keep expired rows (such as
// redisadapter with KeepExpired) should run the suite in both modes.
func WithSelfExpiry() Option {
	return func(c *config) { c.selfExpiry = true }
}

// testCase is one subtest: group/name and the function that runs it.
type testCase struct {
	group, name string
	run         func(e *env)
}

// groups lists the suite's groups in order; each returns its cases.
func allCases() []testCase {
	var all []testCase
	for _, g := range []struct {
		name  string
		cases []namedCase
	}{
		{"authjs", authjsCases()},
		{"notFound", notFoundCases()},
		{"conflict", conflictCases()},
		{"rules", ruleCases()},
		{"roundTrip", roundTripCases()},
		{"concurrency", concurrencyCases()},
		{"optional", optionalCases()},
	} {
		for _, c := range g.cases {
			all = append(all, testCase{group: g.name, name: c.name, run: c.run})
		}
	}
	return all
}

type namedCase struct {
	name string
	run  func(e *env)
}

// Cases returns the names of the suite's subtests, as "group/name", in the
// order Run runs them. The "authjs" group holds the 22 cases of Auth.js's
// shared adapter tests, under Auth.js's names.
func Cases() []string {
	var names []string
	for _, c := range allCases() {
		names = append(names, c.group+"/"+c.name)
	}
	return names
}

// Run runs the conformance suite against the adapter that newAdapter returns.
//
// newAdapter is called once at the start of every subtest, with that
// subtest's t, so t.Cleanup registered in it runs when the subtest ends. It
// may return a fresh adapter each time or the same adapter on one shared
// database: every subtest creates its own users, accounts, sessions and
// tokens with random keys and never assumes the store is empty, so the suite
// can run on a shared database, repeatedly, with -count=N, and with its
// subtests in parallel (unless WithoutParallel is given).
//
// Optional capabilities are found with adapter.As, as gatehouse finds them,
// so a wrapper is tested with the capabilities it passes on: the subtests
// of adapter.AuthenticatorStore, adapter.Transactor, adapter.SessionLister,
// adapter.UserSessionsDeleter, adapter.ExpiredCleaner and adapter.Pinger
// are skipped, with a message, when the adapter does not have them. Authenticator subtests are also
// skipped, with a message, when CreateAuthenticator returns
// adapter.ErrUnsupported. WithCapabilities turns those skips into failures.
func Run(t *testing.T, newAdapter func(t *testing.T) adapter.Adapter, opts ...Option) {
	t.Helper()
	cfg := &config{}
	for _, o := range opts {
		o(cfg)
	}
	cases := allCases()
	for i := 0; i < len(cases); {
		group := cases[i].group
		j := i
		for j < len(cases) && cases[j].group == group {
			j++
		}
		groupCases := cases[i:j]
		t.Run(group, func(t *testing.T) {
			for _, c := range groupCases {
				t.Run(c.name, func(t *testing.T) {
					if !cfg.serial {
						t.Parallel()
					}
					a := newAdapter(t)
					if a == nil {
						t.Fatal("newAdapter returned a nil adapter")
					}
					c.run(&env{T: t, a: a, ctx: contextFor(t), cfg: cfg})
				})
			}
		})
		i = j
	}
}

func contextFor(t *testing.T) context.Context { return t.Context() }
