package passkey_test

import (
	"context"
	"encoding/base64"
	"testing"

	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
	"github.com/gatehouse-go/gatehouse/internal/testsvc"
	"github.com/gatehouse-go/gatehouse/providers/passkey/passkeytest"
)

// TestAuthJSRows shares a PostgreSQL database in Auth.js's Prisma layout
// (authjs-prisma) with Auth.js: a passkey row written as @auth/core 0.41.3
// writes it (verifyRegister: credentialID and credentialPublicKey through
// toBase64, i.e. standard base64; transports joined with ",") signs in with
// gatehouse, and the row gatehouse writes on registration has exactly the
// values Auth.js would have written for the same credential.
func TestAuthJSRows(t *testing.T) {
	pg := testsvc.NewPostgres(t)
	store := sqladapter.New(sqladapter.Config{DB: pg.DB, Type: "postgres", Preset: "authjs-prisma", Synchronize: true})
	s := newSite(t, withAdapter(store))
	ctx := context.Background()

	// Auth.js → gatehouse: a user, a webauthn account and an Authenticator
	// row as Auth.js's Prisma adapter stores them.
	device := passkeytest.New(s.origin)
	device.Flags = passkeytest.FlagUP | passkeytest.FlagUV // a single-device key, not backed up
	if _, err := device.Register([]byte(`{"challenge":"AAAA","rp":{"id":"localhost"},"user":{"id":"dXNlcg"}}`)); err != nil {
		t.Fatal(err)
	}
	cred := device.Credentials()[0]
	cose, err := cred.COSEKey()
	if err != nil {
		t.Fatal(err)
	}
	credID := base64.StdEncoding.EncodeToString(cred.ID)
	user, err := store.CreateUser(ctx, &adapter.User{Email: "authjs@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.LinkAccount(ctx, &adapter.Account{UserID: user.ID, Type: "webauthn", Provider: "passkey", ProviderAccountID: credID}); err != nil {
		t.Fatal(err)
	}
	if _, err := pg.DB.ExecContext(ctx, `INSERT INTO "Authenticator" ("credentialID", "userId", "providerAccountId", "credentialPublicKey", counter, "credentialDeviceType", "credentialBackedUp", transports)
		VALUES ($1, $2, $1, $3, 0, 'singleDevice', false, 'internal,hybrid')`, credID, user.ID, base64.StdEncoding.EncodeToString(cose)); err != nil {
		t.Fatal(err)
	}
	_, opts := s.options("action=authenticate")
	resp, err := device.Authenticate(opts)
	if err != nil {
		t.Fatal(err)
	}
	s.finish("authenticate", resp)
	if got := s.sessionEmail(); got != "authjs@example.com" {
		t.Fatalf("the passkey Auth.js registered does not sign in with gatehouse: session %q", got)
	}
	var counter int64
	if err := pg.DB.QueryRowContext(ctx, `SELECT counter FROM "Authenticator" WHERE "credentialID" = $1`, credID).Scan(&counter); err != nil || counter != 1 {
		t.Errorf("counter after sign-in = %d (%v), want 1", counter, err)
	}

	// gatehouse → Auth.js: the row of a passkey registered through
	// gatehouse, compared column by column with what Auth.js computes.
	s.newBrowser()
	phone := passkeytest.New(s.origin)
	_, opts = s.options("action=register&email=gh@example.com")
	if resp, err = phone.Register(opts); err != nil {
		t.Fatal(err)
	}
	s.finish("register", resp)
	pc := phone.Credentials()[0]
	pcose, _ := pc.COSEKey()
	want := [...]any{base64.StdEncoding.EncodeToString(pc.ID), base64.StdEncoding.EncodeToString(pc.ID), base64.StdEncoding.EncodeToString(pcose), int64(0), "multiDevice", true, "internal"}
	var row [7]any
	var id, pa, key, dt, tr string
	var n int64
	var bu bool
	if err := pg.DB.QueryRowContext(ctx, `SELECT "credentialID", "providerAccountId", "credentialPublicKey", counter, "credentialDeviceType", "credentialBackedUp", transports
		FROM "Authenticator" a JOIN "User" u ON u.id = a."userId" WHERE u.email = 'gh@example.com'`).Scan(&id, &pa, &key, &n, &dt, &bu, &tr); err != nil {
		t.Fatal(err)
	}
	row = [7]any{id, pa, key, n, dt, bu, tr}
	if row != want {
		t.Errorf("Authenticator row = %v\nwant (Auth.js) %v", row, want)
	}
	var typ string
	if err := pg.DB.QueryRowContext(ctx, `SELECT type FROM "Account" WHERE provider = 'passkey' AND "providerAccountId" = $1`, id).Scan(&typ); err != nil || typ != "webauthn" {
		t.Errorf("Account type = %q (%v), want webauthn", typ, err)
	}
}
