package sqlitetest_test

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// unusedPort returns a loopback port nothing listens on.
func unusedPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

func TestStoppedServer(t *testing.T) {
	port := unusedPort(t)
	tests := []struct {
		cfg  sqladapter.Config
		want string
	}{
		{sqladapter.Config{Type: "postgres", Host: "127.0.0.1", Port: port, Username: "postgres", Password: "hunter2", Database: "test"},
			"sqladapter: connect to postgres at 127.0.0.1:" + strconv.Itoa(port) + "/test"},
		{sqladapter.Config{URL: "mysql://root:hunter2@127.0.0.1:" + strconv.Itoa(port) + "/test"},
			"sqladapter: connect to mysql at 127.0.0.1:" + strconv.Itoa(port) + "/test"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			a := sqladapter.New(tt.cfg)
			defer a.Close()
			for name, err := range map[string]error{"Init": a.Init(ctx), "Ping": a.Ping(ctx), "DeleteSession": a.DeleteSession(ctx, "x")} {
				if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "refused") {
					t.Errorf("%s: %v; want %q and the refusal", name, err, tt.want)
				}
				if err != nil && strings.Contains(err.Error(), "hunter2") {
					t.Errorf("%s: error leaks the password: %v", name, err)
				}
			}
		})
	}
}

func TestClosedDatabase(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			a := open(t, b.config(t))
			u, err := a.CreateUser(ctx, &adapter.User{Email: "a@example.com"})
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Close(); err != nil {
				t.Fatal(err)
			}
			errs := map[string]error{"Ping": a.Ping(ctx), "DeleteUser": a.DeleteUser(ctx, u.ID)}
			_, errs["GetUser"] = a.GetUser(ctx, u.ID)
			_, _, errs["GetSessionAndUser"] = a.GetSessionAndUser(ctx, "s")
			_, errs["UseVerificationToken"] = a.UseVerificationToken(ctx, "a", "b")
			for name, err := range errs {
				if err == nil || !strings.Contains(err.Error(), "database is closed") {
					t.Errorf("%s after Close: %v; want database is closed", name, err)
				}
				if errors.Is(err, adapter.ErrNotFound) {
					t.Errorf("%s after Close looks like a missing row: %v", name, err)
				}
			}
		})
	}
}

func TestDroppedTable(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			db, typ := sharedDB(t, b.name)
			a := open(t, sqladapter.Config{Type: typ, DB: db})
			u, err := a.CreateUser(ctx, &adapter.User{Email: "a@example.com"})
			if err != nil {
				t.Fatal(err)
			}
			exec(t, db, "DROP TABLE "+q(typ, "sessions"))
			err = a.CreateSession(ctx, &adapter.Session{SessionToken: "s", UserID: u.ID, Expires: time.Now()})
			if err == nil || !strings.Contains(err.Error(), "sessions") || !strings.Contains(err.Error(), "gatehouse migrate") {
				t.Fatalf("CreateSession on a dropped table: %v; want the table name and the migrate command", err)
			}
			_, _, err = a.GetSessionAndUser(ctx, "s")
			if err == nil || errors.Is(err, adapter.ErrNotFound) || !strings.Contains(err.Error(), "sessions") {
				t.Fatalf("GetSessionAndUser on a dropped table: %v", err)
			}
			// DeleteUser rolls back: the user survives a failed cascade.
			if err := a.DeleteUser(ctx, u.ID); err == nil {
				t.Fatal("DeleteUser succeeded without a sessions table")
			}
			if _, err := a.GetUser(ctx, u.ID); err != nil {
				t.Fatalf("user lost after a failed DeleteUser: %v", err)
			}
		})
	}
}

// TestConflictErrorsHideValues checks that a clash on a session token does
// not put the token into the error (and so into logs) on any backend.
func TestConflictErrorsHideValues(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			a := open(t, b.config(t))
			u, err := a.CreateUser(ctx, &adapter.User{Email: "c@example.com"})
			if err != nil {
				t.Fatal(err)
			}
			const secret = "7f3a9c0d1e2b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5"
			s := &adapter.Session{SessionToken: secret, UserID: u.ID, Expires: time.Now()}
			if err := a.CreateSession(ctx, s); err != nil {
				t.Fatal(err)
			}
			err = a.CreateSession(ctx, s)
			if !errors.Is(err, adapter.ErrConflict) {
				t.Fatalf("second CreateSession: %v, want ErrConflict", err)
			}
			if strings.Contains(err.Error(), secret) {
				t.Fatalf("the conflict error quotes the session token: %v", err)
			}
		})
	}
}
