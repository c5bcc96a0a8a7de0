package adaptertest

import (
	"slices"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

const (
	week  = 7 * 24 * time.Hour
	month = 30 * 24 * time.Hour
)

// authjsCases ports the 22 cases of Auth.js's runBasicTests
// (packages/utils/adapter.ts), each on its own data and checked through the
// adapter's own getters.
func authjsCases() []namedCase {
	return []namedCase{
		{"requiredMethodsExist", func(e *env) {
			// Go checks the method set at compile time; this reports the
			// optional capabilities so that a run shows what was tested.
			_, auth := adapter.As[adapter.AuthenticatorStore](e.a)
			_, tx := adapter.As[adapter.Transactor](e.a)
			_, lister := adapter.As[adapter.SessionLister](e.a)
			_, deleter := adapter.As[adapter.UserSessionsDeleter](e.a)
			_, cleaner := adapter.As[adapter.ExpiredCleaner](e.a)
			_, pinger := adapter.As[adapter.Pinger](e.a)
			e.Logf("%T: AuthenticatorStore=%v Transactor=%v SessionLister=%v UserSessionsDeleter=%v ExpiredCleaner=%v Pinger=%v",
				e.a, auth, tx, lister, deleter, cleaner, pinger)
			var _ adapter.UserStore = e.a
			var _ adapter.AccountStore = e.a
			var _ adapter.SessionStore = e.a
		}},
		{"createUser", func(e *env) {
			for _, id := range []string{"", adapter.NewID()} {
				u := e.newUser()
				u.ID = id
				got, err := e.a.CreateUser(e.ctx, u)
				e.ok("CreateUser", err)
				if got.ID == "" {
					e.Fatalf("CreateUser(ID %q) must return the user with its ID, got an empty ID", id)
				}
				want := u.Clone()
				want.ID = got.ID
				e.checkUser("CreateUser returns the user as stored", got, want)
				stored, err := e.a.GetUser(e.ctx, got.ID)
				e.ok("GetUser of a created user", err)
				e.checkUser("GetUser returns what CreateUser stored", stored, want)
			}
		}},
		{"getUser", func(e *env) {
			for _, id := range []string{adapter.NewID(), "not-a-valid-id-" + rnd(), "9223372036854775806"} {
				_, err := e.a.GetUser(e.ctx, id)
				e.isNotFound("GetUser of an unknown ID "+show(id), err)
			}
			u := e.createUser()
			got, err := e.a.GetUser(e.ctx, u.ID)
			e.ok("GetUser", err)
			e.checkUser("GetUser returns the stored user", got, u)
		}},
		{"getUserByEmail", func(e *env) {
			_, err := e.a.GetUserByEmail(e.ctx, "non-existent-email")
			e.isNotFound(`GetUserByEmail("non-existent-email")`, err)
			u := e.createUser()
			got, err := e.a.GetUserByEmail(e.ctx, u.Email)
			e.ok("GetUserByEmail", err)
			e.checkUser("GetUserByEmail returns the stored user", got, u)
		}},
		{"createSession", func(e *env) {
			u := e.createUser()
			s := e.createSession(u.ID, week)
			got, _, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
			e.ok("GetSessionAndUser of a created session", err)
			e.checkSession("CreateSession stores the session", got, s)
		}},
		{"getSessionAndUser", func(e *env) {
			_, _, err := e.a.GetSessionAndUser(e.ctx, "invalid-token")
			e.isNotFound(`GetSessionAndUser("invalid-token")`, err)
			u := e.createUser()
			s := e.createSession(u.ID, week)
			gs, gu, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
			e.ok("GetSessionAndUser", err)
			e.checkSession("GetSessionAndUser returns the session", gs, s)
			e.checkUser("GetSessionAndUser returns the session's user", gu, u)
		}},
		{"updateUser", func(e *env) {
			u := e.createUser()
			up := u.Clone()
			up.Name = "Updated Name"
			got, err := e.a.UpdateUser(e.ctx, up)
			e.ok("UpdateUser", err)
			e.checkUser("UpdateUser returns the user as now stored", got, up)
			stored, err := e.a.GetUser(e.ctx, u.ID)
			e.ok("GetUser after UpdateUser", err)
			e.checkUser("GetUser shows the update", stored, up)
		}},
		{"updateSession", func(e *env) {
			u := e.createUser()
			s := e.createSession(u.ID, week)
			expires := at(month)
			before, _, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
			e.ok("GetSessionAndUser", err)
			if sameTime(before.Expires, expires) {
				e.Fatal("updateSession: the session already has the new expiry before the update")
			}
			e.ok("UpdateSession", e.a.UpdateSession(e.ctx, &adapter.Session{SessionToken: s.SessionToken, UserID: u.ID, Expires: expires}))
			got, _, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
			e.ok("GetSessionAndUser after UpdateSession", err)
			s.Expires = expires
			e.checkSession("UpdateSession sets Expires", got, s)
		}},
		{"linkAccount", func(e *env) {
			u := e.createUser()
			a := e.linkAccount(u.ID)
			got, err := e.a.GetAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.ok("GetAccount of a linked account", err)
			e.checkAccount("LinkAccount stores every field (ExpiresAt as a number)", got, a)
		}},
		{"getUserByAccount", func(e *env) {
			_, err := e.a.GetUserByAccount(e.ctx, "invalid-provider", "invalid-provider-account-id")
			e.isNotFound("GetUserByAccount of an unknown account", err)
			u := e.createUser()
			a := e.linkAccount(u.ID)
			got, err := e.a.GetUserByAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.ok("GetUserByAccount", err)
			e.checkUser("GetUserByAccount returns the linked user", got, u)
		}},
		{"deleteSession", func(e *env) {
			u := e.createUser()
			s := e.createSession(u.ID, week)
			e.ok("DeleteSession", e.a.DeleteSession(e.ctx, s.SessionToken))
			_, _, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
			e.isNotFound("GetSessionAndUser after DeleteSession", err)
			_, err = e.a.GetUser(e.ctx, u.ID)
			e.ok("DeleteSession keeps the user", err)
		}},
		{"verificationTokenMethodsExist", func(e *env) {
			var s adapter.VerificationTokenStore = e.a
			_, err := s.UseVerificationToken(e.ctx, newEmail(), rnd())
			e.isNotFound("UseVerificationToken of a token never created", err)
		}},
		{"createVerificationToken", func(e *env) {
			vt := &adapter.VerificationToken{Identifier: "info+" + rnd() + "@example.com", Token: rnd() + rnd(), Expires: at(15 * time.Minute)}
			c := *vt
			e.ok("CreateVerificationToken", e.a.CreateVerificationToken(e.ctx, &c))
			got, err := e.a.UseVerificationToken(e.ctx, vt.Identifier, vt.Token)
			e.ok("UseVerificationToken of a created token", err)
			e.checkToken("CreateVerificationToken stores the three fields", got, vt)
		}},
		{"useVerificationToken", func(e *env) {
			vt := e.createToken(15 * time.Minute)
			got, err := e.a.UseVerificationToken(e.ctx, vt.Identifier, vt.Token)
			e.ok("UseVerificationToken", err)
			e.checkToken("UseVerificationToken returns the token", got, vt)
			_, err = e.a.UseVerificationToken(e.ctx, vt.Identifier, vt.Token)
			e.isNotFound("a second UseVerificationToken of one token", err)
			c := *vt
			e.ok("CreateVerificationToken again after use", e.a.CreateVerificationToken(e.ctx, &c))
			_, err = e.a.UseVerificationToken(e.ctx, "invalid@identifier.com", vt.Token)
			e.isNotFound("UseVerificationToken with the right token but another identifier", err)
		}},
		{"futureMethodsExist", func(e *env) {
			e.isNotFound("UnlinkAccount of an unknown account", e.a.UnlinkAccount(e.ctx, "github", rnd()))
			e.isNotFound("DeleteUser of an unknown user", e.a.DeleteUser(e.ctx, adapter.NewID()))
		}},
		{"unlinkAccount", func(e *env) {
			u := e.createUser()
			a := e.linkAccount(u.ID)
			_, err := e.a.GetAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.ok("GetAccount before UnlinkAccount", err)
			e.ok("UnlinkAccount", e.a.UnlinkAccount(e.ctx, a.Provider, a.ProviderAccountID))
			_, err = e.a.GetAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.isNotFound("GetAccount after UnlinkAccount", err)
			_, err = e.a.GetUserByAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.isNotFound("GetUserByAccount after UnlinkAccount", err)
			_, err = e.a.GetUser(e.ctx, u.ID)
			e.ok("UnlinkAccount keeps the user", err)
		}},
		{"deleteUser", func(e *env) {
			u := e.createUser()
			s := e.createSession(u.ID, week)
			a := e.linkAccount(u.ID)
			e.ok("DeleteUser", e.a.DeleteUser(e.ctx, u.ID))
			_, err := e.a.GetUser(e.ctx, u.ID)
			e.isNotFound("GetUser after DeleteUser", err)
			_, _, err = e.a.GetSessionAndUser(e.ctx, s.SessionToken)
			e.isNotFound("DeleteUser cascades to sessions", err)
			_, err = e.a.GetAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.isNotFound("DeleteUser cascades to accounts", err)
		}},
		{"getAccount", func(e *env) {
			u := e.createUser(func(u *adapter.User) { u.EmailVerified = nil })
			a := &adapter.Account{UserID: u.ID, Type: "oauth", Provider: "auth0", ProviderAccountID: adapter.NewID()}
			e.ok("LinkAccount", e.a.LinkAccount(e.ctx, a.Clone()))
			for _, k := range [][2]string{{"invalid-provider", rnd()}, {"invalid-provider", a.ProviderAccountID}, {"auth0", "invalid-provider-account-id"}} {
				_, err := e.a.GetAccount(e.ctx, k[0], k[1])
				e.isNotFound("GetAccount("+k[0]+", "+k[1]+")", err)
			}
			got, err := e.a.GetAccount(e.ctx, "auth0", a.ProviderAccountID)
			e.ok("GetAccount", err)
			e.checkAccount("GetAccount returns the account without token fields", got, a)
		}},
		{"createAuthenticator", func(e *env) {
			u := e.createUser()
			au := e.createAuthenticator(u.ID, "usb,ble,nfc")
			got, err := e.authStore().GetAuthenticator(e.ctx, au.CredentialID)
			e.ok("GetAuthenticator of a created authenticator", err)
			e.checkAuthenticator("CreateAuthenticator stores every field", got, au)
		}},
		{"getAuthenticator", func(e *env) {
			u := e.createUser()
			au := e.createAuthenticator(u.ID, "usb,ble,nfc")
			_, err := e.authStore().GetAuthenticator(e.ctx, "invalid-credential-id")
			e.isNotFound(`GetAuthenticator("invalid-credential-id")`, err)
			got, err := e.authStore().GetAuthenticator(e.ctx, au.CredentialID)
			e.ok("GetAuthenticator", err)
			e.checkAuthenticator("GetAuthenticator returns the stored authenticator", got, au)
		}},
		{"listAuthenticatorsByUserId", func(e *env) {
			u1, u2 := e.createUser(), e.createUser()
			a1 := e.createAuthenticator(u1.ID, "usb,ble,nfc")
			a2 := e.createAuthenticator(u1.ID, "usb,nfc")
			a3 := e.createAuthenticator(u2.ID, "usb,ble")
			s := e.authStore()
			none, err := s.ListAuthenticators(e.ctx, "invalid-user-id")
			e.ok("ListAuthenticators of an unknown user", err)
			if len(none) != 0 {
				e.Errorf("ListAuthenticators of an unknown user: want none, got %d", len(none))
			}
			for _, tc := range []struct {
				user string
				want []*adapter.Authenticator
			}{{u1.ID, []*adapter.Authenticator{a1, a2}}, {u2.ID, []*adapter.Authenticator{a3}}} {
				got, err := s.ListAuthenticators(e.ctx, tc.user)
				e.ok("ListAuthenticators", err)
				e.checkAuthenticatorSet("ListAuthenticators returns exactly the user's credentials", got, tc.want)
			}
		}},
		{"updateAuthenticatorCounter", func(e *env) {
			u := e.createUser()
			au := e.createAuthenticator(u.ID, "usb,ble,nfc")
			s := e.authStore()
			_, err := s.UpdateAuthenticatorCounter(e.ctx, "invalid-credential-id", 7)
			e.isNotFound("UpdateAuthenticatorCounter of an unknown credential", err)
			n := au.Counter + 42
			got, err := s.UpdateAuthenticatorCounter(e.ctx, au.CredentialID, n)
			e.ok("UpdateAuthenticatorCounter", err)
			au.Counter = n
			e.checkAuthenticator("UpdateAuthenticatorCounter returns the credential with the new counter", got, au)
			stored, err := s.GetAuthenticator(e.ctx, au.CredentialID)
			e.ok("GetAuthenticator after UpdateAuthenticatorCounter", err)
			e.checkAuthenticator("UpdateAuthenticatorCounter stores the new counter", stored, au)
		}},
	}
}

// checkAuthenticatorSet checks that got holds exactly want, in any order.
func (e *env) checkAuthenticatorSet(rule string, got, want []*adapter.Authenticator) {
	e.Helper()
	if len(got) != len(want) {
		e.Errorf("%s: got %d credentials, want %d", rule, len(got), len(want))
		return
	}
	for _, w := range want {
		i := slices.IndexFunc(got, func(g *adapter.Authenticator) bool { return g != nil && g.CredentialID == w.CredentialID })
		if i < 0 {
			e.Errorf("%s: credential %s missing", rule, w.CredentialID)
			continue
		}
		e.checkAuthenticator(rule, got[i], w)
	}
}
