package mongoadapter

import (
	"maps"
	"os"
	"reflect"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// authjsDocuments reads testdata/authjs/documents.json: documents that
// @auth/mongodb-adapter 3.11.3 wrote (testdata/authjs/generate.mjs says how),
// in canonical Extended JSON, which keeps their BSON types.
func authjsDocuments(t *testing.T) map[string][]bson.D {
	t.Helper()
	b, err := os.ReadFile("testdata/authjs/documents.json")
	if err != nil {
		t.Fatal(err)
	}
	var docs map[string][]bson.D
	if err := bson.UnmarshalExtJSON(b, true, &docs); err != nil {
		t.Fatalf("testdata/authjs/documents.json: %v", err)
	}
	return docs
}

// loadAuthjs inserts the Auth.js documents into a's collections.
func loadAuthjs(t *testing.T, a *Adapter) map[string][]bson.D {
	t.Helper()
	docs := authjsDocuments(t)
	for name, coll := range map[string]string{"users": a.users.Name(), "accounts": a.accounts.Name(),
		"sessions": a.sessions.Name(), "verification_tokens": a.tokens.Name()} {
		var many []any
		for _, d := range docs[name] {
			many = append(many, d)
		}
		if _, err := a.db.Collection(coll).InsertMany(t.Context(), many); err != nil {
			t.Fatalf("inserting Auth.js's %s: %v", name, err)
		}
	}
	return docs
}

// raw reads one document as stored.
func raw(t *testing.T, a *Adapter, coll string, filter bson.D) bson.D {
	t.Helper()
	var d bson.D
	if err := a.db.Collection(coll).FindOne(t.Context(), filter).Decode(&d); err != nil {
		t.Fatalf("reading %s %v: %v", coll, filter, err)
	}
	return d
}

// shape is a document's field names with their BSON types.
func shape(t *testing.T, d bson.D) map[string]bson.Type {
	t.Helper()
	b, err := bson.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	elems, err := bson.Raw(b).Elements()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bson.Type{}
	for _, e := range elems {
		out[e.Key()] = e.Value().Type
	}
	return out
}

// sameDoc compares two documents field by field, in any order.
func sameDoc(t *testing.T, what string, got, want bson.D) {
	t.Helper()
	g, w := map[string]bson.RawValue{}, map[string]bson.RawValue{}
	for _, p := range []struct {
		d bson.D
		m map[string]bson.RawValue
	}{{got, g}, {want, w}} {
		b, err := bson.Marshal(p.d)
		if err != nil {
			t.Fatal(err)
		}
		elems, _ := bson.Raw(b).Elements()
		for _, e := range elems {
			p.m[e.Key()] = e.Value()
		}
	}
	for k, wv := range w {
		if gv, ok := g[k]; !ok || !gv.Equal(wv) {
			t.Errorf("%s: field %q is %v, want %v (as Auth.js wrote it)", what, k, gv, wv)
		}
	}
	for k := range g {
		if _, ok := w[k]; !ok {
			t.Errorf("%s: field %q was added: %v", what, k, g[k])
		}
	}
}

// TestAuthjsDocuments reads documents written by @auth/mongodb-adapter,
// writes them back through gatehouse and checks that they keep Auth.js's
// fields and BSON types, so the two can share one database.
func TestAuthjsDocuments(t *testing.T) {
	a := newTestAdapter(t, Options{})
	docs := loadAuthjs(t, a)
	ctx := t.Context()
	userID := docs["users"][0][0].Value.(bson.ObjectID).Hex()
	verified := time.Date(2024, 5, 6, 7, 8, 9, 123e6, time.UTC)
	expires := time.Date(2099, 1, 2, 3, 4, 5, 678e6, time.UTC)

	// Read.
	want := &adapter.User{ID: userID, Name: "Fill Murray", Email: "fill@murray.com", EmailVerified: &verified, Image: "https://www.fillmurray.com/460/300"}
	for name, get := range map[string]func() (*adapter.User, error){
		"GetUser":          func() (*adapter.User, error) { return a.GetUser(ctx, userID) },
		"GetUserByEmail":   func() (*adapter.User, error) { return a.GetUserByEmail(ctx, "fill@murray.com") },
		"GetUserByAccount": func() (*adapter.User, error) { return a.GetUserByAccount(ctx, "github", "583231") },
	} {
		u, err := get()
		if err != nil {
			t.Fatalf("%s of Auth.js's user: %v", name, err)
		}
		if u.ID != want.ID || u.Name != want.Name || u.Email != want.Email || u.Image != want.Image ||
			u.EmailVerified == nil || !u.EmailVerified.Equal(verified) || len(u.Extra) != 0 {
			t.Errorf("%s = %+v, want %+v", name, u, want)
		}
	}
	other, err := a.GetUserByEmail(ctx, "nomail@murray.com")
	if err != nil || other.Image != "" || other.EmailVerified != nil || len(other.Extra) != 0 {
		t.Errorf("Auth.js's user with image and emailVerified null reads as %+v, %v; want them empty", other, err)
	}
	acc, err := a.GetAccount(ctx, "github", "583231")
	if err != nil {
		t.Fatal(err)
	}
	wantAcc := adapter.Account{UserID: userID, Type: "oauth", Provider: "github", ProviderAccountID: "583231",
		RefreshToken: "ghr_refreshtoken", AccessToken: "gho_accesstoken", ExpiresAt: 1714979289, TokenType: "bearer",
		Scope: "user", IDToken: "eyJhbGciOi.idtoken", SessionState: "state-1"}
	gotAcc := *acc
	gotAcc.Extra = nil
	if !reflect.DeepEqual(gotAcc, wantAcc) || len(acc.Extra) != 1 || acc.Extra["refresh_token_expires_in"] != 15897600 {
		t.Errorf("GetAccount = %+v (Extra %#v), want %+v with Extra refresh_token_expires_in 15897600", gotAcc, acc.Extra, wantAcc)
	}
	s, u, err := a.GetSessionAndUser(ctx, "authjs-session-token")
	if err != nil || s.UserID != userID || !s.Expires.Equal(expires) || u.ID != userID {
		t.Errorf("GetSessionAndUser = %+v, %+v, %v", s, u, err)
	}

	// Write back what was read: the documents stay as Auth.js wrote them.
	if _, err := a.UpdateUser(ctx, want); err != nil {
		t.Fatal(err)
	}
	sameDoc(t, "user after UpdateUser", raw(t, a, "users", bson.D{{Key: "_id", Value: docs["users"][0][0].Value}}), docs["users"][0])
	if err := a.UpdateAccount(ctx, acc); err != nil {
		t.Fatal(err)
	}
	sameDoc(t, "account after UpdateAccount", raw(t, a, "accounts", accountKey("github", "583231")), docs["accounts"][0])
	if err := a.UpdateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	sameDoc(t, "session after UpdateSession", raw(t, a, "sessions", bson.D{{Key: "sessionToken", Value: "authjs-session-token"}}), docs["sessions"][0])

	vt, err := a.UseVerificationToken(ctx, "fill@murray.com", "authjs-verification-token")
	if err != nil || !vt.Expires.Equal(expires) {
		t.Errorf("UseVerificationToken of Auth.js's token = %+v, %v", vt, err)
	}

	// Documents gatehouse creates have the fields and types of Auth.js's.
	nu, err := a.CreateUser(ctx, &adapter.User{Name: "N", Email: "n@example.com", EmailVerified: &verified, Image: "https://example.com/i.png"})
	if err != nil {
		t.Fatal(err)
	}
	nid, _ := objectID(nu.ID)
	checks := []struct {
		what      string
		coll      string
		filter    bson.D
		authjs    bson.D
		beforeErr error
	}{
		{"user", "users", bson.D{{Key: "_id", Value: nid}}, docs["users"][0],
			nil},
		{"account", "accounts", accountKey("github", "new-1"), docs["accounts"][0],
			a.LinkAccount(ctx, &adapter.Account{UserID: nu.ID, Type: "oauth", Provider: "github", ProviderAccountID: "new-1",
				RefreshToken: "r", AccessToken: "a", ExpiresAt: 1714979289, TokenType: "bearer", Scope: "user", IDToken: "i",
				SessionState: "s", Extra: map[string]any{"refresh_token_expires_in": 15897600}})},
		{"session", "sessions", bson.D{{Key: "sessionToken", Value: "new-session"}}, docs["sessions"][0],
			a.CreateSession(ctx, &adapter.Session{SessionToken: "new-session", UserID: nu.ID, Expires: expires})},
		{"verification token", "verification_tokens", bson.D{{Key: "token", Value: "new-token"}}, docs["verification_tokens"][0],
			a.CreateVerificationToken(ctx, &adapter.VerificationToken{Identifier: "n@example.com", Token: "new-token", Expires: expires})},
	}
	for _, c := range checks {
		if c.beforeErr != nil {
			t.Fatalf("writing the %s: %v", c.what, c.beforeErr)
		}
		got, want := shape(t, raw(t, a, c.coll, c.filter)), shape(t, c.authjs)
		keys := func(m map[string]bson.Type) []string { return slices.Sorted(maps.Keys(m)) }
		if !slices.Equal(keys(got), keys(want)) {
			t.Errorf("gatehouse's %s has fields %v, Auth.js's %v", c.what, keys(got), keys(want))
		}
		for k, ty := range want {
			if got[k] != ty {
				t.Errorf("gatehouse's %s field %q is BSON %v, Auth.js writes %v", c.what, k, got[k], ty)
			}
		}
	}
}
