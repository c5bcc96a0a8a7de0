package adaptertest_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapter/adaptertest"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
)

// The suite is only worth something if it fails on adapters that break the
// contract. Each broken adapter below embeds the memory adapter and breaks
// one rule; TestSuiteCatchesBrokenAdapters runs the suite on it in a child
// process and expects the named subtest to fail with the named rule.

// ignoresIdentifier uses a verification token whatever identifier is given.
type ignoresIdentifier struct {
	*memory.Adapter
	ids sync.Map // token -> identifier
}

func (b *ignoresIdentifier) CreateVerificationToken(ctx context.Context, vt *adapter.VerificationToken) error {
	b.ids.Store(vt.Token, vt.Identifier)
	return b.Adapter.CreateVerificationToken(ctx, vt)
}

func (b *ignoresIdentifier) UseVerificationToken(ctx context.Context, identifier, token string) (*adapter.VerificationToken, error) {
	if id, ok := b.ids.Load(token); ok {
		identifier = id.(string)
	}
	return b.Adapter.UseVerificationToken(ctx, identifier, token)
}

// nonAtomicUse reads the token, then deletes it, with a gap between.
type nonAtomicUse struct {
	*memory.Adapter
	rows sync.Map // identifier+"\x00"+token -> *adapter.VerificationToken
}

func (b *nonAtomicUse) CreateVerificationToken(ctx context.Context, vt *adapter.VerificationToken) error {
	c := *vt
	b.rows.Store(vt.Identifier+"\x00"+vt.Token, &c)
	return b.Adapter.CreateVerificationToken(ctx, vt)
}

func (b *nonAtomicUse) UseVerificationToken(ctx context.Context, identifier, token string) (*adapter.VerificationToken, error) {
	v, ok := b.rows.Load(identifier + "\x00" + token)
	if !ok {
		return nil, adapter.ErrNotFound
	}
	time.Sleep(5 * time.Millisecond)
	b.rows.Delete(identifier + "\x00" + token)
	c := *v.(*adapter.VerificationToken)
	return &c, nil
}

// deleteUserNoop reports success and deletes nothing.
type deleteUserNoop struct{ *memory.Adapter }

func (deleteUserNoop) DeleteUser(context.Context, string) error { return nil }

// rawConflict returns a driver-style error instead of ErrConflict.
type rawConflict struct{ *memory.Adapter }

func (b rawConflict) CreateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	got, err := b.Adapter.CreateUser(ctx, u)
	if errors.Is(err, adapter.ErrConflict) {
		return nil, errors.New("pq: duplicate key value violates unique constraint")
	}
	return got, err
}

// nilForMissing returns (nil, nil) for a missing user, like Auth.js's null.
type nilForMissing struct{ *memory.Adapter }

func (b nilForMissing) GetUser(ctx context.Context, id string) (*adapter.User, error) {
	u, err := b.Adapter.GetUser(ctx, id)
	if errors.Is(err, adapter.ErrNotFound) {
		return nil, nil
	}
	return u, err
}

// sharedAccounts returns the same *Account to every caller.
type sharedAccounts struct {
	*memory.Adapter
	cache sync.Map
}

func (b *sharedAccounts) GetAccount(ctx context.Context, provider, id string) (*adapter.Account, error) {
	if v, ok := b.cache.Load(provider + "\x00" + id); ok {
		return v.(*adapter.Account), nil
	}
	a, err := b.Adapter.GetAccount(ctx, provider, id)
	if err == nil {
		b.cache.Store(provider+"\x00"+id, a)
	}
	return a, err
}

// localTimes returns session expiry in the server's zone, to the second.
type localTimes struct{ *memory.Adapter }

func (b localTimes) GetSessionAndUser(ctx context.Context, token string) (*adapter.Session, *adapter.User, error) {
	s, u, err := b.Adapter.GetSessionAndUser(ctx, token)
	if s != nil {
		s.Expires = s.Expires.Truncate(time.Second).In(time.FixedZone("CET", 3600))
	}
	return s, u, err
}

// updateUserClearsExtra writes Extra as given, dropping absent keys.
type updateUserClearsExtra struct{ *memory.Adapter }

func (b updateUserClearsExtra) UpdateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	if err := b.Adapter.DeleteUser(ctx, u.ID); err != nil {
		return nil, err
	}
	return b.Adapter.CreateUser(ctx, u)
}

// dropsExpired behaves like a store with TTLs: sessions and tokens past
// their Expires are gone (it is correct under WithSelfExpiry).
type dropsExpired struct{ *memory.Adapter }

func (b dropsExpired) GetSessionAndUser(ctx context.Context, token string) (*adapter.Session, *adapter.User, error) {
	s, u, err := b.Adapter.GetSessionAndUser(ctx, token)
	if err == nil && s.Expires.Before(time.Now()) {
		return nil, nil, adapter.ErrNotFound
	}
	return s, u, err
}

func (b dropsExpired) UseVerificationToken(ctx context.Context, identifier, token string) (*adapter.VerificationToken, error) {
	vt, err := b.Adapter.UseVerificationToken(ctx, identifier, token)
	if err == nil && vt.Expires.Before(time.Now()) {
		return nil, adapter.ErrNotFound
	}
	return vt, err
}

func (b dropsExpired) ListSessions(ctx context.Context, userID string) ([]*adapter.Session, error) {
	all, err := b.Adapter.ListSessions(ctx, userID)
	var out []*adapter.Session
	for _, s := range all {
		if !s.Expires.Before(time.Now()) {
			out = append(out, s)
		}
	}
	return out, err
}

// dropsAll loses every session and token even before it expires, which
// WithSelfExpiry must not excuse.
type dropsAll struct{ dropsExpired }

func (dropsAll) ListSessions(context.Context, string) ([]*adapter.Session, error) {
	return nil, nil
}

// keepsUserSessions claims adapter.UserSessionsDeleter but deletes nothing.
type keepsUserSessions struct{ *memory.Adapter }

func (keepsUserSessions) DeleteUserSessions(context.Context, string) error { return nil }

// lostCapabilities hides every optional method of the memory adapter, as a
// careless wrapper would.
type lostCapabilities struct{ adapter.Adapter }

var broken = []struct {
	name    string
	new     func() adapter.Adapter
	subtest string // group/name that must fail
	rule    string // text the failure must contain
	opts    []adaptertest.Option
}{
	{"ignoresIdentifier", func() adapter.Adapter { return &ignoresIdentifier{Adapter: memory.New()} },
		"rules/UseVerificationTokenWrongIdentifier", "right token but another identifier", nil},
	{"nonAtomicUse", func() adapter.Adapter { return &nonAtomicUse{Adapter: memory.New()} },
		"concurrency/UseVerificationToken50", "exactly one success", nil},
	{"deleteUserNoop", func() adapter.Adapter { return deleteUserNoop{memory.New()} },
		"authjs/deleteUser", "DeleteUser cascades to sessions", nil},
	{"rawConflict", func() adapter.Adapter { return rawConflict{memory.New()} },
		"conflict/CreateUserSameEmail", "want an error wrapping adapter.ErrConflict", nil},
	{"nilForMissing", func() adapter.Adapter { return nilForMissing{memory.New()} },
		"authjs/getUser", "want an error wrapping adapter.ErrNotFound", nil},
	{"sharedAccounts", func() adapter.Adapter { return &sharedAccounts{Adapter: memory.New()} },
		"rules/ReturnedValuesAreCopies", "changing a returned account does not change the stored one", nil},
	{"localTimes", func() adapter.Adapter { return localTimes{memory.New()} },
		"roundTrip/TimesUTCMillisecond", "in UTC, to the millisecond", nil},
	{"updateUserClearsExtra", func() adapter.Adapter { return updateUserClearsExtra{memory.New()} },
		"rules/UpdateUserExtra", "keeps the others", nil},
	{"lostTransactions", func() adapter.Adapter { return lostCapabilities{memory.New()} },
		"optional/TransactorCommit", "which WithCapabilities requires",
		[]adaptertest.Option{adaptertest.WithCapabilities(adaptertest.Transactions)}},
	{"lostAuthenticators", func() adapter.Adapter { return lostCapabilities{memory.New()} },
		"authjs/createAuthenticator", "which WithCapabilities requires",
		[]adaptertest.Option{adaptertest.WithCapabilities(adaptertest.Authenticators)}},
	{"dropsExpiredWithoutOption", func() adapter.Adapter { return dropsExpired{memory.New()} },
		"rules/GetSessionAndUserExpired", "returns expired sessions as they are", nil},
	{"dropsExpiredTokensWithoutOption", func() adapter.Adapter { return dropsExpired{memory.New()} },
		"rules/UseVerificationTokenExpired", "returns expired tokens too", nil},
	{"dropsAllUnderSelfExpiry", func() adapter.Adapter { return dropsAll{dropsExpired{memory.New()}} },
		"optional/SessionLister", "returns exactly the user's sessions",
		[]adaptertest.Option{adaptertest.WithSelfExpiry()}},
	{"keepsUserSessions", func() adapter.Adapter { return keepsUserSessions{memory.New()} },
		"optional/UserSessionsDeleter", "deletes every session of the user", nil},
	{"lostSessionListing", func() adapter.Adapter { return lostCapabilities{memory.New()} },
		"optional/SessionLister", "which WithCapabilities requires",
		[]adaptertest.Option{adaptertest.WithCapabilities(adaptertest.SessionListing)}},
}

const brokenEnv = "ADAPTERTEST_BROKEN"

// TestBrokenHelper runs the suite on the broken adapter named by
// $ADAPTERTEST_BROKEN; it only runs as a child of
// TestSuiteCatchesBrokenAdapters.
func TestBrokenHelper(t *testing.T) {
	name := os.Getenv(brokenEnv)
	if name == "" {
		t.Skip("runs only as a child process of TestSuiteCatchesBrokenAdapters")
	}
	for _, b := range broken {
		if b.name == name {
			a := b.new()
			opts := append([]adaptertest.Option{
				adaptertest.WithUserExtra("role", "admin", "editor"),
				adaptertest.WithUserExtra("phone", "000", "111"),
			}, b.opts...)
			adaptertest.Run(t, func(*testing.T) adapter.Adapter { return a }, opts...)
			return
		}
	}
	t.Fatalf("no broken adapter named %q", name)
}

func TestSuiteCatchesBrokenAdapters(t *testing.T) {
	if os.Getenv(brokenEnv) != "" {
		t.Skip("inside a child process")
	}
	for _, b := range broken {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			group, name, _ := strings.Cut(b.subtest, "/")
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.v",
				"-test.run=^TestBrokenHelper$/^"+group+"$/^"+name+"$")
			cmd.Env = append(os.Environ(), brokenEnv+"="+b.name)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("the suite passed (or did not run: %v) on an adapter that breaks the rule %q; output:\n%s", err, b.rule, out)
			}
			if want := "--- FAIL: TestBrokenHelper/" + b.subtest; !strings.Contains(string(out), want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
			if !strings.Contains(string(out), b.rule) {
				t.Errorf("the failure does not name the broken rule %q:\n%s", b.rule, out)
			}
		})
	}
}

// TestSelfExpiringStorePasses: a store that drops expired rows by itself
// passes the whole suite under WithSelfExpiry (the broken cases above show
// that it fails without the option, and that the option excuses no more).
func TestSelfExpiringStorePasses(t *testing.T) {
	a := dropsExpired{memory.New()}
	adaptertest.Run(t, func(*testing.T) adapter.Adapter { return a }, adaptertest.WithSelfExpiry(),
		adaptertest.WithCapabilities(adaptertest.SessionListing, adaptertest.ExpiredCleanup))
}
