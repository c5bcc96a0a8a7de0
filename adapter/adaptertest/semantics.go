package adaptertest

import (
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// ruleCases check the stricter rules of the contract that Auth.js's suite
// does not: cascades, expiry left to the caller, update semantics, copies.
func ruleCases() []namedCase {
	return []namedCase{
		{"DeleteUserCascades", func(e *env) {
			u, other := e.createUser(), e.createUser()
			a1, a2 := e.linkAccount(u.ID), e.linkAccount(u.ID, func(a *adapter.Account) { a.Provider = "google" })
			s1, s2 := e.createSession(u.ID, week), e.createSession(u.ID, -time.Hour)
			oa, os := e.linkAccount(other.ID), e.createSession(other.ID, week)
			e.ok("DeleteUser", e.a.DeleteUser(e.ctx, u.ID))
			for _, a := range []*adapter.Account{a1, a2} {
				_, err := e.a.GetAccount(e.ctx, a.Provider, a.ProviderAccountID)
				e.isNotFound("DeleteUser cascades to accounts (GetAccount)", err)
				_, err = e.a.GetUserByAccount(e.ctx, a.Provider, a.ProviderAccountID)
				e.isNotFound("DeleteUser cascades to accounts (GetUserByAccount)", err)
			}
			list, err := e.a.ListAccounts(e.ctx, u.ID)
			e.ok("ListAccounts of a deleted user", err)
			if len(list) != 0 {
				e.Errorf("DeleteUser cascades to accounts: ListAccounts still returns %d", len(list))
			}
			for _, s := range []*adapter.Session{s1, s2} {
				_, _, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
				e.isNotFound("DeleteUser cascades to sessions, expired ones too", err)
			}
			_, err = e.a.GetUserByEmail(e.ctx, u.Email)
			e.isNotFound("GetUserByEmail of a deleted user", err)
			got, err := e.a.GetAccount(e.ctx, oa.Provider, oa.ProviderAccountID)
			e.ok("DeleteUser keeps other users' accounts", err)
			e.checkAccount("another user's account", got, oa)
			gs, _, err := e.a.GetSessionAndUser(e.ctx, os.SessionToken)
			e.ok("DeleteUser keeps other users' sessions", err)
			e.checkSession("another user's session", gs, os)
		}},
		{"DeleteUserCascadesToAuthenticators", func(e *env) {
			u, other := e.createUser(), e.createUser()
			au := e.createAuthenticator(u.ID, "usb")
			keep := e.createAuthenticator(other.ID, "nfc")
			e.ok("DeleteUser", e.a.DeleteUser(e.ctx, u.ID))
			s := e.authStore()
			_, err := s.GetAuthenticator(e.ctx, au.CredentialID)
			e.isNotFound("DeleteUser cascades to authenticators", err)
			list, err := s.ListAuthenticators(e.ctx, u.ID)
			e.ok("ListAuthenticators of a deleted user", err)
			if len(list) != 0 {
				e.Errorf("DeleteUser cascades to authenticators: ListAuthenticators still returns %d", len(list))
			}
			got, err := s.GetAuthenticator(e.ctx, keep.CredentialID)
			e.ok("DeleteUser keeps other users' authenticators", err)
			e.checkAuthenticator("another user's authenticator", got, keep)
		}},
		{"UseVerificationTokenWrongIdentifier", func(e *env) {
			vt := e.createToken(time.Hour)
			_, err := e.a.UseVerificationToken(e.ctx, newEmail(), vt.Token)
			e.isNotFound("UseVerificationToken with the right token but another identifier", err)
			got, err := e.a.UseVerificationToken(e.ctx, vt.Identifier, vt.Token)
			e.ok("a token matching only the token field is left in place and still usable", err)
			e.checkToken("UseVerificationToken after a wrong identifier", got, vt)
		}},
		{"UseVerificationTokenExpired", func(e *env) {
			vt := e.createToken(-time.Hour)
			got, err := e.a.UseVerificationToken(e.ctx, vt.Identifier, vt.Token)
			if e.expiredGone("UseVerificationToken of an expired token", err) {
				return
			}
			e.ok("UseVerificationToken returns expired tokens too (gatehouse checks expiry)", err)
			e.checkToken("UseVerificationToken of an expired token", got, vt)
		}},
		{"GetSessionAndUserExpired", func(e *env) {
			u := e.createUser()
			s := e.createSession(u.ID, -24*time.Hour)
			gs, gu, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
			if e.expiredGone("GetSessionAndUser of an expired session", err) {
				_, _, err = e.a.GetSessionAndUser(e.ctx, s.SessionToken)
				e.isNotFound("an expired session reported missing stays missing", err)
				return
			}
			e.ok("GetSessionAndUser returns expired sessions as they are (gatehouse decides)", err)
			e.checkSession("an expired session", gs, s)
			e.checkUser("an expired session's user", gu, u)
			gs, _, err = e.a.GetSessionAndUser(e.ctx, s.SessionToken)
			e.ok("GetSessionAndUser does not delete an expired session", err)
			e.checkSession("an expired session, read twice", gs, s)
		}},
		{"UpdateSessionKeepsUserID", func(e *env) {
			u, other := e.createUser(), e.createUser()
			s := e.createSession(u.ID, week)
			newExp := at(month)
			e.ok("UpdateSession", e.a.UpdateSession(e.ctx, &adapter.Session{SessionToken: s.SessionToken, UserID: other.ID, Expires: newExp}))
			gs, gu, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
			e.ok("GetSessionAndUser", err)
			s.Expires = newExp
			e.checkSession("UpdateSession sets Expires and does not change UserID", gs, s)
			e.checkUser("the session's user after UpdateSession", gu, u)
		}},
		{"UpdateUserSemantics", func(e *env) {
			u := e.createUser()
			up := &adapter.User{ID: u.ID, Name: "New Name", Email: newEmail()}
			got, err := e.a.UpdateUser(e.ctx, up)
			e.ok("UpdateUser", err)
			want := u.Clone()
			want.Name, want.Email, want.Image, want.EmailVerified = up.Name, up.Email, "", nil
			e.checkUser("UpdateUser sets Name, Email, EmailVerified and Image (empty and nil clear them) and keeps Extra keys it is not given", got, want)
			stored, err := e.a.GetUser(e.ctx, u.ID)
			e.ok("GetUser after UpdateUser", err)
			e.checkUser("the updated user as stored", stored, want)
			byNew, err := e.a.GetUserByEmail(e.ctx, up.Email)
			e.ok("GetUserByEmail with the new email", err)
			e.checkUser("GetUserByEmail with the new email", byNew, want)
			_, err = e.a.GetUserByEmail(e.ctx, u.Email)
			e.isNotFound("GetUserByEmail with the old email after UpdateUser changed it", err)
			reuse := e.createUser(func(n *adapter.User) { n.Email = u.Email })
			if reuse.ID == u.ID {
				e.Errorf("a new user with a freed email got the old user's ID")
			}
		}},
		{"UpdateUserExtra", func(e *env) {
			if len(e.cfg.userExtra) == 0 {
				e.Skip("skipped: no extra user fields declared (WithUserExtra)")
			}
			u := e.createUser()
			first := e.cfg.userExtra[0]
			up := u.Clone()
			up.Extra = map[string]any{first.name: first.other}
			got, err := e.a.UpdateUser(e.ctx, up)
			e.ok("UpdateUser", err)
			want := u.Clone()
			want.Extra[first.name] = first.other
			e.checkUser("UpdateUser writes the Extra keys it is given and keeps the others", got, want)
			up.Extra = nil
			got, err = e.a.UpdateUser(e.ctx, up)
			e.ok("UpdateUser with nil Extra", err)
			e.checkUser("UpdateUser with nil Extra keeps every extra field", got, want)
			stored, err := e.a.GetUser(e.ctx, u.ID)
			e.ok("GetUser", err)
			e.checkUser("the extra fields as stored", stored, want)
		}},
		{"UpdateAccountTokens", func(e *env) {
			u, other := e.createUser(), e.createUser()
			a := e.linkAccount(u.ID)
			up := e.newAccount(other.ID)
			up.Provider, up.ProviderAccountID, up.Type = a.Provider, a.ProviderAccountID, "oidc"
			if e.cfg.accountExtra != nil {
				up.Extra = map[string]any{"refresh_expires_in": "3600"}
			}
			e.ok("UpdateAccount", e.a.UpdateAccount(e.ctx, up.Clone()))
			got, err := e.a.GetAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.ok("GetAccount after UpdateAccount", err)
			want := up.Clone()
			want.UserID = u.ID
			e.checkAccount("UpdateAccount overwrites the token fields and Type but not UserID", got, want)
			cleared := &adapter.Account{Provider: a.Provider, ProviderAccountID: a.ProviderAccountID, Type: "oauth"}
			e.ok("UpdateAccount clearing tokens", e.a.UpdateAccount(e.ctx, cleared.Clone()))
			got, err = e.a.GetAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.ok("GetAccount", err)
			cleared.UserID = u.ID
			e.checkAccount("UpdateAccount with empty token fields clears them", got, cleared)
		}},
		{"ListAccounts", func(e *env) {
			u, other := e.createUser(), e.createUser()
			a1 := e.linkAccount(u.ID)
			a2 := e.linkAccount(u.ID, func(a *adapter.Account) { a.Provider, a.Type = "oidc-"+rnd()[:6], "oidc" })
			e.linkAccount(other.ID)
			got, err := e.a.ListAccounts(e.ctx, u.ID)
			e.ok("ListAccounts", err)
			if len(got) != 2 {
				e.Fatalf("ListAccounts returns exactly the user's accounts: got %d, want 2", len(got))
			}
			for _, w := range []*adapter.Account{a1, a2} {
				found := false
				for _, g := range got {
					if g != nil && g.Provider == w.Provider && g.ProviderAccountID == w.ProviderAccountID {
						found = true
						e.checkAccount("ListAccounts returns whole accounts", g, w)
					}
				}
				if !found {
					e.Errorf("ListAccounts is missing the %s account", w.Provider)
				}
			}
			none, err := e.a.ListAccounts(e.ctx, adapter.NewID())
			e.ok("ListAccounts of an unknown user is not an error", err)
			if len(none) != 0 {
				e.Errorf("ListAccounts of an unknown user: want none, got %d", len(none))
			}
		}},
		{"ReturnedValuesAreCopies", func(e *env) {
			u := e.createUser()
			got, err := e.a.GetUser(e.ctx, u.ID)
			e.ok("GetUser", err)
			got.Name = "mutated"
			if got.EmailVerified != nil {
				*got.EmailVerified = time.Unix(0, 0)
			}
			if got.Extra != nil {
				got.Extra["mutated"] = true
				for _, f := range e.cfg.userExtra {
					got.Extra[f.name] = f.other
				}
			}
			again, err := e.a.GetUser(e.ctx, u.ID)
			e.ok("GetUser", err)
			e.checkUser("changing a returned user does not change the stored one", again, u)
			if _, ok := again.Extra["mutated"]; ok {
				e.Errorf("changing a returned user's Extra map changed the stored user")
			}
			a := e.linkAccount(u.ID)
			ga, err := e.a.GetAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.ok("GetAccount", err)
			ga.AccessToken, ga.UserID = "mutated", "mutated"
			if ga.Extra != nil {
				ga.Extra["mutated"] = true
			}
			ga2, err := e.a.GetAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.ok("GetAccount", err)
			e.checkAccount("changing a returned account does not change the stored one", ga2, a)
			if _, ok := ga2.Extra["mutated"]; ok {
				e.Errorf("changing a returned account's Extra map changed the stored account")
			}
			s := e.createSession(u.ID, week)
			gs, _, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
			e.ok("GetSessionAndUser", err)
			gs.UserID, gs.Expires = "mutated", time.Unix(0, 0)
			gs2, _, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
			e.ok("GetSessionAndUser", err)
			e.checkSession("changing a returned session does not change the stored one", gs2, s)
		}},
		{"ArgumentsAreCopied", func(e *env) {
			in := e.newUser()
			want := in.Clone()
			got, err := e.a.CreateUser(e.ctx, in)
			e.ok("CreateUser", err)
			want.ID = got.ID
			in.Name, in.Image = "mutated", "mutated"
			*in.EmailVerified = time.Unix(0, 0)
			if in.Extra != nil {
				for _, f := range e.cfg.userExtra {
					in.Extra[f.name] = f.other
				}
			}
			stored, err := e.a.GetUser(e.ctx, got.ID)
			e.ok("GetUser", err)
			e.checkUser("changing the argument after CreateUser does not change the stored user", stored, want)
			acc := e.newAccount(got.ID)
			wantAcc := acc.Clone()
			e.ok("LinkAccount", e.a.LinkAccount(e.ctx, acc))
			acc.AccessToken, acc.UserID = "mutated", "mutated"
			acc.Extra["mutated"] = true
			ga, err := e.a.GetAccount(e.ctx, wantAcc.Provider, wantAcc.ProviderAccountID)
			e.ok("GetAccount", err)
			e.checkAccount("changing the argument after LinkAccount does not change the stored account", ga, wantAcc)
			s := &adapter.Session{SessionToken: rnd(), UserID: got.ID, Expires: at(week)}
			wantS := *s
			e.ok("CreateSession", e.a.CreateSession(e.ctx, s))
			s.Expires, s.UserID = time.Unix(0, 0), "mutated"
			gs, _, err := e.a.GetSessionAndUser(e.ctx, wantS.SessionToken)
			e.ok("GetSessionAndUser", err)
			e.checkSession("changing the argument after CreateSession does not change the stored session", gs, &wantS)
		}},
	}
}
