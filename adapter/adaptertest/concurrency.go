package adaptertest

import (
	"errors"
	"sync"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// race runs f(i) in n goroutines released at the same moment and returns
// their errors by index.
func race(n int, f func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = f(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// tally checks that exactly one error is nil and the rest wrap want; it
// returns the index of the winner (-1 if none).
func (e *env) tally(rule string, errs []error, want error) int {
	e.Helper()
	winner, wins := -1, 0
	for i, err := range errs {
		switch {
		case err == nil:
			winner = i
			wins++
		case !errors.Is(err, want):
			e.Errorf("%s: call %d: want nil or an error wrapping %v, got %v", rule, i, want, err)
		}
	}
	if wins != 1 {
		e.Errorf("%s: want exactly one success of %d concurrent calls, got %d", rule, len(errs), wins)
	}
	return winner
}

func concurrencyCases() []namedCase {
	return []namedCase{
		{"UseVerificationToken50", func(e *env) {
			vt := e.createToken(time.Hour)
			got := make([]*adapter.VerificationToken, 50)
			errs := race(50, func(i int) (err error) {
				got[i], err = e.a.UseVerificationToken(e.ctx, vt.Identifier, vt.Token)
				return err
			})
			if w := e.tally("UseVerificationToken is atomic: of 50 concurrent calls for one token exactly one gets it, the others ErrNotFound", errs, adapter.ErrNotFound); w >= 0 {
				e.checkToken("the winner of UseVerificationToken gets the token", got[w], vt)
			}
		}},
		{"CreateUserSameEmail20", func(e *env) {
			email := newEmail()
			ids := make([]string, 20)
			users := make([]*adapter.User, 20)
			errs := race(20, func(i int) (err error) {
				u := e.newUser()
				u.Email, u.ID = email, adapter.NewID()
				ids[i] = u.ID
				users[i], err = e.a.CreateUser(e.ctx, u)
				return err
			})
			w := e.tally("CreateUser with one email from 20 goroutines: exactly one succeeds, the others ErrConflict", errs, adapter.ErrConflict)
			if w < 0 {
				return
			}
			got, err := e.a.GetUserByEmail(e.ctx, email)
			e.ok("GetUserByEmail after the race", err)
			if got.ID != users[w].ID {
				e.Errorf("the stored user (ID %s) is not the one CreateUser reported as created (ID %s)", got.ID, users[w].ID)
			}
			if users[w].ID != ids[w] {
				return // the adapter generates its own IDs; the losers' IDs cannot be looked up
			}
			for i, id := range ids {
				if i == w {
					continue
				}
				if _, err := e.a.GetUser(e.ctx, id); !errors.Is(err, adapter.ErrNotFound) {
					e.Errorf("a CreateUser that returned ErrConflict stored a row: GetUser(%s) = %v", id, err)
				}
			}
		}},
		{"LinkAccountSameAccount20", func(e *env) {
			users := []*adapter.User{e.createUser(), e.createUser(), e.createUser(), e.createUser()}
			pid := rnd()
			errs := race(20, func(i int) error {
				a := e.newAccount(users[i%len(users)].ID)
				a.ProviderAccountID = pid
				return e.a.LinkAccount(e.ctx, a)
			})
			w := e.tally("LinkAccount of one provider account from 20 goroutines: exactly one succeeds, the others ErrConflict", errs, adapter.ErrConflict)
			if w < 0 {
				return
			}
			got, err := e.a.GetUserByAccount(e.ctx, "github", pid)
			e.ok("GetUserByAccount after the race", err)
			if want := users[w%len(users)].ID; got.ID != want {
				e.Errorf("the account is linked to user %s, but the successful LinkAccount was for user %s", got.ID, want)
			}
			total := 0
			for _, u := range users {
				list, err := e.a.ListAccounts(e.ctx, u.ID)
				e.ok("ListAccounts", err)
				total += len(list)
			}
			if total != 1 {
				e.Errorf("after the race the users have %d accounts in all, want 1", total)
			}
		}},
	}
}
