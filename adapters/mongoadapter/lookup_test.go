package mongoadapter

import (
	"errors"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// TestLookupRow checks the reading of GetSessionAndUser's $lookup result,
// which only a MongoDB server produces (FerretDB 1.x has no $lookup): the
// document is built as $lookup returns it, the session's fields with its
// user in the array "user".
func TestLookupRow(t *testing.T) {
	uid := bson.NewObjectID()
	expires := time.Date(2099, 1, 2, 3, 4, 5, 678e6, time.UTC)
	user := userDoc(uid, &adapter.User{Name: "Ada", Email: "ada@example.com", Extra: map[string]any{"role": "admin"}})
	session := bson.D{{Key: "_id", Value: bson.NewObjectID()}, {Key: "sessionToken", Value: "tok"},
		{Key: "userId", Value: uid}, {Key: "expires", Value: date(expires)}}
	cases := []struct {
		name  string
		users bson.A
		found bool
	}{
		{"with its user", bson.A{user}, true},
		{"user deleted", bson.A{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw, err := bson.Marshal(append(append(bson.D{}, session...), bson.E{Key: "user", Value: c.users}))
			if err != nil {
				t.Fatal(err)
			}
			s, u, err := lookupRow(raw)
			if !c.found {
				if !errors.Is(err, adapter.ErrNotFound) {
					t.Fatalf("lookupRow without a user: %v, want ErrNotFound", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.SessionToken != "tok" || s.UserID != uid.Hex() || !s.Expires.Equal(expires) {
				t.Errorf("session = %+v", s)
			}
			if u.ID != uid.Hex() || u.Email != "ada@example.com" || u.Extra["role"] != "admin" {
				t.Errorf("user = %+v", u)
			}
		})
	}
}
