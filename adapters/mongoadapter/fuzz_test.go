package mongoadapter

import (
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// FuzzDocuments feeds arbitrary BSON, as a server (or another application
// sharing the database) may hold, to the document readers: they return a
// model or an error, never panic, and a user they read writes back to a
// document that reads the same.
func FuzzDocuments(f *testing.F) {
	verified := time.Date(2024, 5, 6, 7, 8, 9, 123e6, time.UTC)
	seeds := []bson.D{
		userDoc(bson.NewObjectID(), &adapter.User{Name: "Fill Murray", Email: "fill@murray.com", EmailVerified: &verified, Image: "i",
			Extra: map[string]any{"role": "admin", "age": 42, "tags": bson.A{"a", int32(1)}, "nested": bson.D{{Key: "k", Value: 1.5}}}}),
		accountDoc(bson.NewObjectID(), bson.NewObjectID(), &adapter.Account{Type: "oauth", Provider: "github", ProviderAccountID: "1",
			ExpiresAt: 1714979289, Extra: map[string]any{"refresh_token_expires_in": 15897600}}),
		{{Key: "_id", Value: "string-id"}, {Key: "expires_at", Value: 1.5}, {Key: "userId", Value: int64(3)}},
		{{Key: "_id", Value: bson.NewObjectID()}, {Key: "email", Value: nil}, {Key: "emailVerified", Value: "not a date"}},
	}
	for _, d := range seeds {
		b, err := bson.Marshal(d)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d bson.D
		if err := bson.Unmarshal(b, &d); err != nil {
			return
		}
		_, _ = toAccount(d)
		u, err := toUser(d)
		if err != nil {
			return
		}
		oid, ok := objectID(u.ID)
		if !ok || checkExtra("fuzz", u.Extra, userFields) != nil {
			return
		}
		b2, err := bson.Marshal(userDoc(oid, u))
		if err != nil {
			return // an Extra value the driver cannot encode back (none known)
		}
		var d2 bson.D
		if err := bson.Unmarshal(b2, &d2); err != nil {
			t.Fatalf("a written user document does not decode: %v", err)
		}
		u2, err := toUser(d2)
		if err != nil {
			t.Fatalf("a written user document does not read: %v", err)
		}
		if u2.ID != u.ID || u2.Name != u.Name || u2.Email != u.Email || u2.Image != u.Image ||
			(u2.EmailVerified == nil) != (u.EmailVerified == nil) || len(u2.Extra) != len(u.Extra) {
			t.Fatalf("user %+v reads back as %+v", u, u2)
		}
	})
}
