package adaptertest

import (
	"errors"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

var errRollback = errors.New("adaptertest: deliberate failure to force a rollback")

// optionalCases test the optional capabilities the adapter implements.
func optionalCases() []namedCase {
	return []namedCase{
		{"TransactorCommit", func(e *env) {
			var u *adapter.User
			var a *adapter.Account
			var s *adapter.Session
			err := capability[adapter.Transactor](e, Transactions).InTx(e.ctx, func(tx adapter.Adapter) error {
				var err error
				if u, err = tx.CreateUser(e.ctx, e.newUser()); err != nil {
					return err
				}
				a = e.newAccount(u.ID)
				if err := tx.LinkAccount(e.ctx, a.Clone()); err != nil {
					return err
				}
				s = &adapter.Session{SessionToken: rnd(), UserID: u.ID, Expires: at(week)}
				if err := tx.CreateSession(e.ctx, &adapter.Session{SessionToken: s.SessionToken, UserID: u.ID, Expires: s.Expires}); err != nil {
					return err
				}
				got, err := tx.GetUser(e.ctx, u.ID)
				if err != nil {
					return err
				}
				if got.ID != u.ID {
					return errors.New("GetUser inside the transaction returned another user")
				}
				return nil
			})
			e.ok("InTx that returns nil commits", err)
			gu, err := e.a.GetUser(e.ctx, u.ID)
			e.ok("a user created in a committed InTx is found afterwards", err)
			e.checkUser("the committed user", gu, u)
			ga, err := e.a.GetAccount(e.ctx, a.Provider, a.ProviderAccountID)
			e.ok("an account linked in a committed InTx is found afterwards", err)
			e.checkAccount("the committed account", ga, a)
			gs, _, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
			e.ok("a session created in a committed InTx is found afterwards", err)
			e.checkSession("the committed session", gs, s)
		}},
		{"TransactorRollback", func(e *env) {
			u := e.newUser()
			var id string
			err := capability[adapter.Transactor](e, Transactions).InTx(e.ctx, func(tx adapter.Adapter) error {
				got, err := tx.CreateUser(e.ctx, u)
				if err != nil {
					return err
				}
				id = got.ID
				return errRollback
			})
			if !errors.Is(err, errRollback) {
				e.Errorf("InTx must return the error of its function, got %v", err)
			}
			if id == "" {
				e.Fatal("CreateUser inside InTx did not return a user")
			}
			// A database with integer ids may give the rolled-back id to the
			// next insert (SQLite does), so a user found under it must merely
			// not be the one rolled back.
			if got, err := e.a.GetUser(e.ctx, id); err == nil {
				if got.Email == u.Email {
					e.Errorf("a user created inside a failed InTx is rolled back (GetUser): it is still stored")
				}
			} else {
				e.isNotFound("a user created inside a failed InTx is rolled back (GetUser)", err)
			}
			_, err = e.a.GetUserByEmail(e.ctx, u.Email)
			e.isNotFound("a user created inside a failed InTx is rolled back (GetUserByEmail)", err)
		}},
		{"TransactorRollbackOnConflict", func(e *env) {
			owner := e.createUser()
			taken := e.linkAccount(owner.ID)
			u := e.newUser()
			err := capability[adapter.Transactor](e, Transactions).InTx(e.ctx, func(tx adapter.Adapter) error {
				nu, err := tx.CreateUser(e.ctx, u)
				if err != nil {
					return err
				}
				a := e.newAccount(nu.ID)
				a.ProviderAccountID = taken.ProviderAccountID
				return tx.LinkAccount(e.ctx, a)
			})
			e.isConflict("InTx returns the ErrConflict of a LinkAccount inside it", err)
			_, err = e.a.GetUserByEmail(e.ctx, u.Email)
			e.isNotFound("the user created before a failed LinkAccount in one InTx is rolled back", err)
			got, err := e.a.GetUserByAccount(e.ctx, taken.Provider, taken.ProviderAccountID)
			e.ok("GetUserByAccount", err)
			e.checkUser("the existing account still belongs to its user", got, owner)
		}},
		{"TransactorPanic", func(e *env) {
			u := e.newUser()
			tr := capability[adapter.Transactor](e, Transactions)
			func() {
				defer func() { _ = recover() }()
				_ = tr.InTx(e.ctx, func(tx adapter.Adapter) error {
					if _, err := tx.CreateUser(e.ctx, u); err != nil {
						return err
					}
					panic("adaptertest: deliberate panic inside InTx")
				})
			}()
			_, err := e.a.GetUserByEmail(e.ctx, u.Email)
			e.isNotFound("a user created inside an InTx whose function panicked is rolled back", err)
			// The adapter must still work after the panic (no lock left held).
			e.createUser()
		}},
		{"AuthenticatorDeleter", func(e *env) {
			d := capability[adapter.AuthenticatorDeleter](e, AuthenticatorDeletion)
			u := e.createUser()
			gone, kept := e.createAuthenticator(u.ID, ""), e.createAuthenticator(u.ID, "usb")
			e.ok("DeleteAuthenticator", d.DeleteAuthenticator(e.ctx, gone.CredentialID))
			_, err := e.authStore().GetAuthenticator(e.ctx, gone.CredentialID)
			e.isNotFound("DeleteAuthenticator deletes the credential", err)
			got, err := e.authStore().GetAuthenticator(e.ctx, kept.CredentialID)
			e.ok("GetAuthenticator of the user's other credential after DeleteAuthenticator", err)
			e.checkAuthenticator("DeleteAuthenticator leaves the user's other credentials", got, kept)
			e.isNotFound("DeleteAuthenticator of a credential already deleted", d.DeleteAuthenticator(e.ctx, gone.CredentialID))
		}},
		{"SessionLister", func(e *env) {
			l := capability[adapter.SessionLister](e, SessionListing)
			u, other := e.createUser(), e.createUser()
			s1, s2 := e.createSession(u.ID, week), e.createSession(u.ID, -time.Hour)
			e.createSession(other.ID, week)
			got, err := l.ListSessions(e.ctx, u.ID)
			e.ok("ListSessions", err)
			want := []*adapter.Session{s1, s2}
			switch {
			case e.cfg.selfExpiry && len(got) == 1:
				e.Logf("ListSessions left out the user's expired session, accepted under WithSelfExpiry")
				want = want[:1]
			case len(got) != 2:
				e.Fatalf("ListSessions returns exactly the user's sessions, expired ones included: got %d, want 2", len(got))
			}
			for _, w := range want {
				found := false
				for _, g := range got {
					if g != nil && g.SessionToken == w.SessionToken {
						found = true
						e.checkSession("ListSessions", g, w)
					}
				}
				if !found {
					e.Errorf("ListSessions is missing a session of the user (expires %v)", w.Expires)
				}
			}
			none, err := l.ListSessions(e.ctx, adapter.NewID())
			e.ok("ListSessions of an unknown user is not an error", err)
			if len(none) != 0 {
				e.Errorf("ListSessions of an unknown user: want none, got %d", len(none))
			}
		}},
		{"UserSessionsDeleter", func(e *env) {
			d := capability[adapter.UserSessionsDeleter](e, UserSessions)
			u, other := e.createUser(), e.createUser()
			gone := []*adapter.Session{e.createSession(u.ID, week), e.createSession(u.ID, -time.Hour)}
			kept := e.createSession(other.ID, week)
			e.ok("DeleteUserSessions", d.DeleteUserSessions(e.ctx, u.ID))
			for _, s := range gone {
				_, _, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
				e.isNotFound("DeleteUserSessions deletes every session of the user", err)
			}
			got, _, err := e.a.GetSessionAndUser(e.ctx, kept.SessionToken)
			e.ok("DeleteUserSessions keeps other users' sessions", err)
			e.checkSession("another user's session after DeleteUserSessions", got, kept)
			if _, err := e.a.GetUser(e.ctx, u.ID); err != nil {
				e.Errorf("DeleteUserSessions must keep the user: GetUser = %v", err)
			}
			e.ok("DeleteUserSessions of a user without sessions", d.DeleteUserSessions(e.ctx, u.ID))
			e.ok("DeleteUserSessions of an unknown user", d.DeleteUserSessions(e.ctx, adapter.NewID()))
		}},
		{"ExpiredCleaner", func(e *env) {
			c := capability[adapter.ExpiredCleaner](e, ExpiredCleanup)
			// Every run uses this same "now", far in the past, so concurrent
			// runs on a shared database never delete each other's rows.
			now := time.Date(2000, 1, 1, 0, 0, 0, 0, zone)
			if e.cfg.selfExpiry {
				// Rows of 2000 would be gone at once; other runs' expired
				// rows are fair game for such a store anyway.
				now = time.Now().In(zone)
			}
			u := e.createUser()
			var oldS, newS []*adapter.Session
			var oldT, newT []*adapter.VerificationToken
			for i := range 3 {
				for _, d := range []time.Duration{-time.Hour - time.Duration(i)*time.Minute, time.Hour} {
					s := &adapter.Session{SessionToken: rnd(), UserID: u.ID, Expires: now.Add(d)}
					vt := &adapter.VerificationToken{Identifier: newEmail(), Token: rnd(), Expires: now.Add(d)}
					e.ok("CreateSession", e.a.CreateSession(e.ctx, &adapter.Session{SessionToken: s.SessionToken, UserID: u.ID, Expires: s.Expires}))
					e.ok("CreateVerificationToken", e.a.CreateVerificationToken(e.ctx, &adapter.VerificationToken{Identifier: vt.Identifier, Token: vt.Token, Expires: vt.Expires}))
					if d < 0 {
						oldS, oldT = append(oldS, s), append(oldT, vt)
					} else {
						newS, newT = append(newS, s), append(newT, vt)
					}
				}
			}
			ns, nt, err := c.DeleteExpired(e.ctx, now, 2)
			e.ok("DeleteExpired", err)
			switch {
			case !e.cfg.selfExpiry && (ns != 2 || nt != 2):
				e.Errorf("DeleteExpired with limit 2 and 3 expired rows of each kind: deleted %d sessions and %d tokens, want 2 and 2", ns, nt)
			case ns > 2 || nt > 2 || ns < 0 || nt < 0:
				e.Errorf("DeleteExpired with limit 2: deleted %d sessions and %d tokens, want at most 2 of each", ns, nt)
			}
			for range 10 {
				ns, nt, err = c.DeleteExpired(e.ctx, now, 2)
				e.ok("DeleteExpired", err)
				if ns > 2 || nt > 2 {
					e.Errorf("DeleteExpired with limit 2: deleted %d sessions and %d tokens, want at most 2 of each", ns, nt)
				}
				if ns < 2 && nt < 2 {
					break
				}
			}
			for _, s := range oldS {
				_, _, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
				e.isNotFound("DeleteExpired deletes sessions that expired before now", err)
			}
			for _, vt := range oldT {
				_, err := e.a.UseVerificationToken(e.ctx, vt.Identifier, vt.Token)
				e.isNotFound("DeleteExpired deletes tokens that expired before now", err)
			}
			for _, s := range newS {
				gs, _, err := e.a.GetSessionAndUser(e.ctx, s.SessionToken)
				e.ok("DeleteExpired keeps sessions that expire after now", err)
				e.checkSession("a session kept by DeleteExpired", gs, s)
			}
			for _, vt := range newT {
				gv, err := e.a.UseVerificationToken(e.ctx, vt.Identifier, vt.Token)
				e.ok("DeleteExpired keeps tokens that expire after now", err)
				e.checkToken("a token kept by DeleteExpired", gv, vt)
			}
			if _, err := e.a.GetUser(e.ctx, u.ID); err != nil {
				e.Errorf("DeleteExpired must not delete users: GetUser = %v", err)
			}
		}},
		{"Pinger", func(e *env) {
			p := capability[adapter.Pinger](e, Pinging)
			e.ok("Ping of a working adapter", p.Ping(e.ctx))
		}},
	}
}
