package adaptertest

import (
	"strings"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// oddStrings are the values the string round-trip subtests store. Each is
// prefixed with random characters to keep runs apart; long ones are cut to
// their exact length.
var oddStrings = []struct {
	name  string
	value string
	size  int // exact length in bytes, 0 for the value as it is
}{
	{"Quotes", `it's "quoted" ` + "`back`" + ` '; DROP TABLE users; --`, 0},
	{"Backslashes", `C:\path\to\'x'\ \\ \n \t \0 \x00 \u0000 \`, 0},
	{"PercentUnderscore", `100%_match_%%__`, 0},
	{"Emoji", "🦀 ünïcödé 日本語 👩‍👩‍👧 \u00a0\u200d\u202e", 0},
	{"Length4KB", "a'b\"c\\d%e_f-", 4 << 10},
	{"Length10KB", "a'b\"c\\d%e_f-", 10 << 10},
}

// sized returns prefix+base repeated and cut to size bytes (size 0: as is).
func sized(prefix, base string, size int) string {
	s := prefix + base
	if size == 0 {
		return s
	}
	for len(s) < size {
		s += base
	}
	return s[:size]
}

// roundTripCases check that values come back exactly as written: times,
// absent optional fields, odd and long strings, extra fields.
func roundTripCases() []namedCase {
	cases := []namedCase{
		{"TimesUTCMillisecond", func(e *env) {
			ev := time.Date(2024, 2, 29, 23, 59, 58, 123_456_789, zone)
			exp := time.Now().Add(48 * time.Hour).In(time.FixedZone("UTC-09:30", -(9*3600 + 1800)))
			u := e.createUser(func(u *adapter.User) { u.EmailVerified = &ev })
			got, err := e.a.GetUser(e.ctx, u.ID)
			e.ok("GetUser", err)
			if got.EmailVerified == nil {
				e.Fatal("EmailVerified set on CreateUser came back nil")
			}
			if d := timeDiff("User.EmailVerified", *got.EmailVerified, ev); d != "" {
				e.Error("times round-trip in UTC to the millisecond: " + d)
			}
			s := &adapter.Session{SessionToken: rnd(), UserID: u.ID, Expires: exp}
			e.ok("CreateSession", e.a.CreateSession(e.ctx, s))
			gs, gu, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
			e.ok("GetSessionAndUser", err)
			if d := timeDiff("Session.Expires", gs.Expires, exp); d != "" {
				e.Error("times round-trip in UTC to the millisecond: " + d)
			}
			if gu.EmailVerified == nil || timeDiff("", *gu.EmailVerified, ev) != "" {
				e.Errorf("times round-trip in UTC to the millisecond: the user of GetSessionAndUser has EmailVerified %v, want %v", gu.EmailVerified, ev.UTC())
			}
			vt := &adapter.VerificationToken{Identifier: newEmail(), Token: rnd(), Expires: exp}
			e.ok("CreateVerificationToken", e.a.CreateVerificationToken(e.ctx, vt))
			gv, err := e.a.UseVerificationToken(e.ctx, vt.Identifier, vt.Token)
			e.ok("UseVerificationToken", err)
			if d := timeDiff("VerificationToken.Expires", gv.Expires, exp); d != "" {
				e.Error("times round-trip in UTC to the millisecond: " + d)
			}
		}},
		{"EmptyOptionalFieldsUser", func(e *env) {
			u := &adapter.User{}
			got, err := e.a.CreateUser(e.ctx, u)
			e.ok("CreateUser of a user with no fields set", err)
			stored, err := e.a.GetUser(e.ctx, got.ID)
			e.ok("GetUser", err)
			want := &adapter.User{ID: got.ID}
			e.checkUser("an empty user reads back with empty strings and a nil EmailVerified", stored, want)
			e.checkUser("CreateUser of an empty user returns empty fields", got, want)
		}},
		{"EmptyOptionalFieldsAccount", func(e *env) {
			u := e.createUser()
			a := &adapter.Account{UserID: u.ID, Type: "email", Provider: "email", ProviderAccountID: newEmail()}
			e.ok("LinkAccount without token fields", e.a.LinkAccount(e.ctx, a.Clone()))
			got, err := e.a.GetAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.ok("GetAccount", err)
			e.checkAccount("absent token fields read back empty and ExpiresAt 0", got, a)
			if len(got.Extra) != 0 {
				e.Errorf("an account linked without Extra reads back with Extra %v", got.Extra)
			}
		}},
		{"EmptyOptionalFieldsAuthenticator", func(e *env) {
			u := e.createUser()
			au := e.createAuthenticator(u.ID, "")
			got, err := e.authStore().GetAuthenticator(e.ctx, au.CredentialID)
			e.ok("GetAuthenticator", err)
			e.checkAuthenticator("an empty Transports reads back empty", got, au)
		}},
		{"UserExtra", func(e *env) {
			if len(e.cfg.userExtra) == 0 {
				e.Skip("skipped: no extra user fields declared (WithUserExtra)")
			}
			u := e.createUser()
			for _, f := range e.cfg.userExtra {
				if !sameValue(u.Extra[f.name], f.sample) {
					e.Errorf("CreateUser returns Extra[%q] = %#v, want %#v", f.name, u.Extra[f.name], f.sample)
				}
			}
			got, err := e.a.GetUserByEmail(e.ctx, u.Email)
			e.ok("GetUserByEmail", err)
			e.checkUser("declared extra fields round-trip through User.Extra", got, u)
		}},
		{"AccountExtra", func(e *env) {
			u := e.createUser()
			a := e.linkAccount(u.ID)
			got, err := e.a.GetAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.ok("LinkAccount with Extra", err)
			e.checkAccount("Account.Extra", got, a)
			if e.cfg.accountExtra == nil {
				e.Logf("Account.Extra not checked (no WithAccountExtra); the adapter returned %v", got.Extra)
			}
		}},
	}
	for _, s := range oddStrings {
		cases = append(cases, namedCase{"Strings" + s.name, func(e *env) { e.oddStrings(s.value, s.size) }})
	}
	return cases
}

// oddStrings stores value (at size bytes) in every kind of string field and
// reads each back, including through lookups keyed by it.
func (e *env) oddStrings(value string, size int) {
	e.Helper()
	if size > 0 && e.cfg.maxLen > 0 && size > e.cfg.maxLen {
		e.Skipf("skipped: %d-byte strings exceed the adapter's declared maximum of %d (WithMaxStringLength)", size, e.cfg.maxLen)
	}
	v := func() string { return sized(rnd()[:12], value, size) }
	email := v()
	// A decoy that a LIKE pattern or a case-folding lookup would match.
	decoyEmail := strings.NewReplacer("%", "x", "_", "y").Replace(email)
	if decoyEmail != email {
		e.createUser(func(u *adapter.User) { u.Email = decoyEmail })
	}
	u := e.createUser(func(u *adapter.User) { u.Name, u.Email, u.Image = v(), email, v() })
	got, err := e.a.GetUserByEmail(e.ctx, email)
	e.ok("GetUserByEmail with an odd email", err)
	e.checkUser("names, emails and images round-trip unchanged", got, u)

	a := e.linkAccount(u.ID, func(a *adapter.Account) {
		a.ProviderAccountID, a.AccessToken, a.RefreshToken, a.IDToken, a.Scope, a.SessionState = v(), v(), v(), v(), v(), v()
	})
	ga, err := e.a.GetAccount(e.ctx, a.Provider, a.ProviderAccountID)
	e.ok("GetAccount with an odd provider account ID", err)
	e.checkAccount("account IDs and tokens round-trip unchanged", ga, a)
	gu, err := e.a.GetUserByAccount(e.ctx, a.Provider, a.ProviderAccountID)
	e.ok("GetUserByAccount with an odd provider account ID", err)
	e.checkUser("GetUserByAccount with an odd provider account ID", gu, u)

	s := &adapter.Session{SessionToken: v(), UserID: u.ID, Expires: at(week)}
	e.ok("CreateSession with an odd token", e.a.CreateSession(e.ctx, &adapter.Session{SessionToken: s.SessionToken, UserID: s.UserID, Expires: s.Expires}))
	gs, _, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
	e.ok("GetSessionAndUser with an odd token", err)
	e.checkSession("session tokens round-trip unchanged", gs, s)

	vt := &adapter.VerificationToken{Identifier: v(), Token: v(), Expires: at(time.Hour)}
	e.ok("CreateVerificationToken with odd values", e.a.CreateVerificationToken(e.ctx, &adapter.VerificationToken{Identifier: vt.Identifier, Token: vt.Token, Expires: vt.Expires}))
	gv, err := e.a.UseVerificationToken(e.ctx, vt.Identifier, vt.Token)
	e.ok("UseVerificationToken with odd values", err)
	e.checkToken("verification tokens round-trip unchanged", gv, vt)
}
