package adaptertest

import (
	"errors"
	"fmt"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// notFoundCases check that every lookup, update, use and delete of a missing
// row returns adapter.ErrNotFound and that updates of a missing row create
// nothing.
func notFoundCases() []namedCase {
	return []namedCase{
		{"GetUser", func(e *env) {
			_, err := e.a.GetUser(e.ctx, adapter.NewID())
			e.isNotFound("GetUser of a missing user", err)
		}},
		{"GetUserByEmail", func(e *env) {
			_, err := e.a.GetUserByEmail(e.ctx, newEmail())
			e.isNotFound("GetUserByEmail of a missing email", err)
		}},
		{"GetUserByEmailEmpty", func(e *env) {
			e.createUser(func(u *adapter.User) { u.Email = "" })
			_, err := e.a.GetUserByEmail(e.ctx, "")
			e.isNotFound(`GetUserByEmail("") even when users without email exist`, err)
		}},
		{"GetUserByAccount", func(e *env) {
			u := e.createUser()
			a := e.linkAccount(u.ID)
			_, err := e.a.GetUserByAccount(e.ctx, "other-provider", a.ProviderAccountID)
			e.isNotFound("GetUserByAccount with the right account ID but another provider", err)
		}},
		{"UpdateUser", func(e *env) {
			u := e.newUser()
			u.ID = adapter.NewID()
			_, err := e.a.UpdateUser(e.ctx, u)
			e.isNotFound("UpdateUser of a missing user", err)
			_, err = e.a.GetUser(e.ctx, u.ID)
			e.isNotFound("UpdateUser of a missing user creates nothing (GetUser)", err)
			_, err = e.a.GetUserByEmail(e.ctx, u.Email)
			e.isNotFound("UpdateUser of a missing user creates nothing (GetUserByEmail)", err)
		}},
		{"DeleteUser", func(e *env) {
			e.isNotFound("DeleteUser of a missing user", e.a.DeleteUser(e.ctx, adapter.NewID()))
		}},
		{"UpdateAccount", func(e *env) {
			u := e.createUser()
			a := e.newAccount(u.ID)
			e.isNotFound("UpdateAccount of a missing account", e.a.UpdateAccount(e.ctx, a))
			_, err := e.a.GetAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.isNotFound("UpdateAccount of a missing account creates nothing", err)
		}},
		{"GetAccount", func(e *env) {
			_, err := e.a.GetAccount(e.ctx, "github", rnd())
			e.isNotFound("GetAccount of a missing account", err)
		}},
		{"UnlinkAccount", func(e *env) {
			e.isNotFound("UnlinkAccount of a missing account", e.a.UnlinkAccount(e.ctx, "github", rnd()))
			u := e.createUser()
			a := e.linkAccount(u.ID)
			e.ok("UnlinkAccount", e.a.UnlinkAccount(e.ctx, a.Provider, a.ProviderAccountID))
			e.isNotFound("a second UnlinkAccount of one account", e.a.UnlinkAccount(e.ctx, a.Provider, a.ProviderAccountID))
		}},
		{"GetSessionAndUser", func(e *env) {
			_, _, err := e.a.GetSessionAndUser(e.ctx, rnd())
			e.isNotFound("GetSessionAndUser of a missing token", err)
		}},
		{"UpdateSession", func(e *env) {
			u := e.createUser()
			s := &adapter.Session{SessionToken: rnd(), UserID: u.ID, Expires: at(week)}
			e.isNotFound("UpdateSession of a missing session", e.a.UpdateSession(e.ctx, s))
			_, _, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
			e.isNotFound("UpdateSession of a missing session creates nothing", err)
		}},
		{"DeleteSession", func(e *env) {
			e.isNotFound("DeleteSession of a missing session", e.a.DeleteSession(e.ctx, rnd()))
			u := e.createUser()
			s := e.createSession(u.ID, week)
			e.ok("DeleteSession", e.a.DeleteSession(e.ctx, s.SessionToken))
			e.isNotFound("a second DeleteSession of one session", e.a.DeleteSession(e.ctx, s.SessionToken))
		}},
		{"UseVerificationToken", func(e *env) {
			vt := e.createToken(time.Hour)
			_, err := e.a.UseVerificationToken(e.ctx, vt.Identifier, rnd())
			e.isNotFound("UseVerificationToken with the right identifier but another token", err)
			got, err := e.a.UseVerificationToken(e.ctx, vt.Identifier, vt.Token)
			e.ok("a token matching only the identifier is left in place", err)
			e.checkToken("UseVerificationToken", got, vt)
		}},
		{"LinkAccountMissingUser", func(e *env) {
			uid := e.goneUserID()
			a := e.newAccount(uid)
			e.isNotFound("LinkAccount for a user that does not exist", e.a.LinkAccount(e.ctx, a.Clone()))
			_, err := e.a.GetAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.isNotFound("LinkAccount for a missing user stores nothing (GetAccount)", err)
			_, err = e.a.GetUserByAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.isNotFound("LinkAccount for a missing user stores nothing (GetUserByAccount)", err)
			list, err := e.a.ListAccounts(e.ctx, uid)
			e.ok("ListAccounts of a missing user", err)
			if len(list) != 0 {
				e.Errorf("LinkAccount for a missing user stored a row: ListAccounts returns %d accounts", len(list))
			}
		}},
		{"CreateSessionMissingUser", func(e *env) {
			uid := e.goneUserID()
			s := &adapter.Session{SessionToken: rnd(), UserID: uid, Expires: at(week)}
			e.isNotFound("CreateSession for a user that does not exist", e.a.CreateSession(e.ctx, s))
			_, _, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
			e.isNotFound("CreateSession for a missing user stores nothing (GetSessionAndUser)", err)
			e.isNotFound("CreateSession for a missing user stores nothing (DeleteSession)", e.a.DeleteSession(e.ctx, s.SessionToken))
			if l, ok := adapter.As[adapter.SessionLister](e.a); ok {
				list, err := l.ListSessions(e.ctx, uid)
				e.ok("ListSessions of a missing user", err)
				if len(list) != 0 {
					e.Errorf("CreateSession for a missing user stored a row: ListSessions returns %d sessions", len(list))
				}
			}
		}},
		{"CreateAuthenticatorMissingUser", func(e *env) {
			s := e.authStore()
			uid := e.goneUserID()
			x := &adapter.Authenticator{CredentialID: rnd(), UserID: uid, ProviderAccountID: rnd(),
				CredentialPublicKey: rnd(), Counter: 1, CredentialDeviceType: "singleDevice", Transports: "usb"}
			err := s.CreateAuthenticator(e.ctx, x)
			if errors.Is(err, adapter.ErrUnsupported) {
				e.lacks(Authenticators, fmt.Sprintf("CreateAuthenticator returned adapter.ErrUnsupported (%v): this adapter's configuration has no passkey storage", err))
			}
			e.isNotFound("CreateAuthenticator for a user that does not exist", err)
			_, err = s.GetAuthenticator(e.ctx, x.CredentialID)
			e.isNotFound("CreateAuthenticator for a missing user stores nothing (GetAuthenticator)", err)
			list, err := s.ListAuthenticators(e.ctx, uid)
			e.ok("ListAuthenticators of a missing user", err)
			if len(list) != 0 {
				e.Errorf("CreateAuthenticator for a missing user stored a row: ListAuthenticators returns %d credentials", len(list))
			}
		}},
		{"GetAuthenticator", func(e *env) {
			_, err := e.authStore().GetAuthenticator(e.ctx, rnd())
			e.isNotFound("GetAuthenticator of a missing credential", err)
		}},
		{"UpdateAuthenticatorCounter", func(e *env) {
			s := e.authStore()
			id := rnd()
			_, err := s.UpdateAuthenticatorCounter(e.ctx, id, 3)
			e.isNotFound("UpdateAuthenticatorCounter of a missing credential", err)
			_, err = s.GetAuthenticator(e.ctx, id)
			e.isNotFound("UpdateAuthenticatorCounter of a missing credential creates nothing", err)
		}},
	}
}

// conflictCases check that every unique-key clash returns
// adapter.ErrConflict and leaves the stored row unchanged.
func conflictCases() []namedCase {
	return []namedCase{
		{"CreateUserSameEmail", func(e *env) {
			u := e.createUser()
			dup := e.newUser()
			dup.Email, dup.Name = u.Email, "Someone Else"
			_, err := e.a.CreateUser(e.ctx, dup)
			e.isConflict("CreateUser with another user's email", err)
			got, err := e.a.GetUserByEmail(e.ctx, u.Email)
			e.ok("GetUserByEmail after the clash", err)
			e.checkUser("the first user is unchanged after the clash", got, u)
		}},
		{"CreateUserEmptyEmailNotUnique", func(e *env) {
			a := e.createUser(func(u *adapter.User) { u.Email = "" })
			b := e.createUser(func(u *adapter.User) { u.Email = "" })
			if a.ID == b.ID {
				e.Fatalf("two users without email got the same ID %s", a.ID)
			}
			for _, u := range []*adapter.User{a, b} {
				got, err := e.a.GetUser(e.ctx, u.ID)
				e.ok("GetUser of a user without email", err)
				e.checkUser("users without email are not unique by email and keep an empty Email", got, u)
			}
		}},
		{"LinkAccountSameProviderAccount", func(e *env) {
			u1, u2 := e.createUser(), e.createUser()
			a := e.linkAccount(u1.ID)
			for _, uid := range []string{u2.ID, u1.ID} {
				dup := e.newAccount(uid)
				dup.Provider, dup.ProviderAccountID = a.Provider, a.ProviderAccountID
				e.isConflict("LinkAccount of an already linked provider account", e.a.LinkAccount(e.ctx, dup))
			}
			got, err := e.a.GetAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.ok("GetAccount after the clash", err)
			e.checkAccount("the linked account is unchanged after the clash", got, a)
			list, err := e.a.ListAccounts(e.ctx, u2.ID)
			e.ok("ListAccounts", err)
			if len(list) != 0 {
				e.Errorf("a rejected LinkAccount stored a row: the second user has %d accounts", len(list))
			}
		}},
		{"CreateSessionSameToken", func(e *env) {
			u1, u2 := e.createUser(), e.createUser()
			s := e.createSession(u1.ID, week)
			dup := &adapter.Session{SessionToken: s.SessionToken, UserID: u2.ID, Expires: at(month)}
			e.isConflict("CreateSession with an existing token", e.a.CreateSession(e.ctx, dup))
			gs, gu, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
			e.ok("GetSessionAndUser after the clash", err)
			e.checkSession("the session is unchanged after the clash", gs, s)
			e.checkUser("the session still belongs to its user", gu, u1)
		}},
		{"CreateVerificationTokenSame", func(e *env) {
			vt := e.createToken(time.Hour)
			dup := &adapter.VerificationToken{Identifier: vt.Identifier, Token: vt.Token, Expires: at(2 * time.Hour)}
			e.isConflict("CreateVerificationToken with an existing (identifier, token)", e.a.CreateVerificationToken(e.ctx, dup))
			got, err := e.a.UseVerificationToken(e.ctx, vt.Identifier, vt.Token)
			e.ok("UseVerificationToken after the clash", err)
			e.checkToken("the token is unchanged after the clash", got, vt)
			_, err = e.a.UseVerificationToken(e.ctx, vt.Identifier, vt.Token)
			e.isNotFound("the clash stored no second row", err)
		}},
		{"CreateAuthenticatorSameCredentialID", func(e *env) {
			u1, u2 := e.createUser(), e.createUser()
			au := e.createAuthenticator(u1.ID, "usb")
			dup := *au
			dup.UserID, dup.Counter, dup.CredentialPublicKey = u2.ID, 99, rnd()
			e.isConflict("CreateAuthenticator with an existing credential ID", e.authStore().CreateAuthenticator(e.ctx, &dup))
			got, err := e.authStore().GetAuthenticator(e.ctx, au.CredentialID)
			e.ok("GetAuthenticator after the clash", err)
			e.checkAuthenticator("the credential is unchanged after the clash", got, au)
		}},
		{"UpdateUserEmailClash", func(e *env) {
			a, b := e.createUser(), e.createUser()
			up := b.Clone()
			up.Email, up.Name = a.Email, "Changed"
			_, err := e.a.UpdateUser(e.ctx, up)
			e.isConflict("UpdateUser to another user's email", err)
			gotB, err := e.a.GetUser(e.ctx, b.ID)
			e.ok("GetUser", err)
			e.checkUser("a rejected UpdateUser changes nothing (not even the name)", gotB, b)
			gotA, err := e.a.GetUserByEmail(e.ctx, a.Email)
			e.ok("GetUserByEmail", err)
			e.checkUser("the email's owner is unchanged", gotA, a)
		}},
	}
}
