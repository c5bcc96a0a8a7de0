package mongoadapter

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// The documents are laid out as @auth/mongodb-adapter writes them
// (format.to in its source): the key is _id, an ObjectId, whose hex form is
// the model's ID; userId holds the user's ObjectId; the other fields keep
// the names of Auth.js's AdapterUser, AdapterAccount, AdapterSession and
// VerificationToken; dates are BSON dates. Fields the models do not name
// are the Extra maps, at the top level as Auth.js keeps them.

// Field names of the user document.
const (
	fID            = "_id"
	fUserID        = "userId"
	fName          = "name"
	fEmail         = "email"
	fEmailVerified = "emailVerified"
	fImage         = "image"
)

var userFields = []string{fID, "id", fName, fEmail, fEmailVerified, fImage}

// Field names of the account document (Auth.js's AdapterAccount, which keeps
// the OAuth token endpoint's names).
var accountStrings = []struct {
	name string
	get  func(*adapter.Account) *string
}{
	{"type", func(a *adapter.Account) *string { return &a.Type }},
	{"provider", func(a *adapter.Account) *string { return &a.Provider }},
	{"providerAccountId", func(a *adapter.Account) *string { return &a.ProviderAccountID }},
	{"refresh_token", func(a *adapter.Account) *string { return &a.RefreshToken }},
	{"access_token", func(a *adapter.Account) *string { return &a.AccessToken }},
	{"token_type", func(a *adapter.Account) *string { return &a.TokenType }},
	{"scope", func(a *adapter.Account) *string { return &a.Scope }},
	{"id_token", func(a *adapter.Account) *string { return &a.IDToken }},
	{"session_state", func(a *adapter.Account) *string { return &a.SessionState }},
}

const fExpiresAt = "expires_at"

func accountFieldNames() []string {
	names := []string{fID, "id", fUserID, fExpiresAt}
	for _, f := range accountStrings {
		names = append(names, f.name)
	}
	return names
}

var accountFields = accountFieldNames()

// objectID parses a model ID. ok is false for a string that is not an
// ObjectId's 24 hex digits: no document can have it.
func objectID(id string) (bson.ObjectID, bool) {
	if len(id) != 24 {
		return bson.ObjectID{}, false
	}
	oid, err := bson.ObjectIDFromHex(id)
	return oid, err == nil
}

// date converts a time to a BSON date (milliseconds, UTC).
func date(t time.Time) bson.DateTime { return bson.NewDateTimeFromTime(t) }

// checkExtra refuses Extra keys that would overwrite a model field.
func checkExtra(what string, extra map[string]any, reserved []string) error {
	for k := range extra {
		for _, r := range reserved {
			if k == r {
				return fmt.Errorf("mongoadapter: %s: Extra key %q is a field of the document itself; rename the extra field", what, k)
			}
		}
		if k == "" || k[0] == '$' {
			return fmt.Errorf("mongoadapter: %s: Extra key %q is not a valid MongoDB field name; rename the extra field", what, k)
		}
	}
	return nil
}

// userDoc is the document of u with the given key. Empty optional fields are
// left out (so that the sparse email index skips users without an email);
// emailVerified is null when unset, as Auth.js writes it.
func userDoc(id bson.ObjectID, u *adapter.User) bson.D {
	d := bson.D{{Key: fID, Value: id}}
	if u.Name != "" {
		d = append(d, bson.E{Key: fName, Value: u.Name})
	}
	if u.Email != "" {
		d = append(d, bson.E{Key: fEmail, Value: u.Email})
	}
	if u.EmailVerified != nil {
		d = append(d, bson.E{Key: fEmailVerified, Value: date(*u.EmailVerified)})
	} else {
		d = append(d, bson.E{Key: fEmailVerified, Value: nil})
	}
	if u.Image != "" {
		d = append(d, bson.E{Key: fImage, Value: u.Image})
	}
	for _, k := range sortedKeys(u.Extra) {
		d = append(d, bson.E{Key: k, Value: u.Extra[k]})
	}
	return d
}

// userUpdate is UpdateUser's update document: the standard fields set or
// unset, and the given Extra keys set.
func userUpdate(u *adapter.User) bson.D {
	set, unset := bson.D{}, bson.D{}
	str := func(k, v string) {
		if v == "" {
			unset = append(unset, bson.E{Key: k, Value: ""})
		} else {
			set = append(set, bson.E{Key: k, Value: v})
		}
	}
	str(fName, u.Name)
	str(fEmail, u.Email)
	str(fImage, u.Image)
	if u.EmailVerified != nil {
		set = append(set, bson.E{Key: fEmailVerified, Value: date(*u.EmailVerified)})
	} else {
		set = append(set, bson.E{Key: fEmailVerified, Value: nil})
	}
	for _, k := range sortedKeys(u.Extra) {
		set = append(set, bson.E{Key: k, Value: u.Extra[k]})
	}
	upd := bson.D{{Key: "$set", Value: set}}
	if len(unset) > 0 {
		upd = append(upd, bson.E{Key: "$unset", Value: unset})
	}
	return upd
}

// toUser converts a user document. Any field other than the model's goes to
// Extra.
func toUser(d bson.D) (*adapter.User, error) {
	u := &adapter.User{}
	for _, e := range d {
		switch e.Key {
		case fID:
			id, err := hexID(e.Value)
			if err != nil {
				return nil, fmt.Errorf("mongoadapter: user document: _id: %w", err)
			}
			u.ID = id
		case fName:
			u.Name = str(e.Value)
		case fEmail:
			u.Email = str(e.Value)
		case fEmailVerified:
			if t, ok := e.Value.(bson.DateTime); ok {
				v := t.Time().UTC()
				u.EmailVerified = &v
			}
		case fImage:
			u.Image = str(e.Value)
		default:
			if u.Extra == nil {
				u.Extra = map[string]any{}
			}
			u.Extra[e.Key] = plain(e.Value)
		}
	}
	return u, nil
}

// accountDoc is the document of a for the user uid.
func accountDoc(id, uid bson.ObjectID, a *adapter.Account) bson.D {
	d := bson.D{{Key: fID, Value: id}, {Key: fUserID, Value: uid}}
	for _, f := range accountStrings {
		if v := *f.get(a); v != "" {
			d = append(d, bson.E{Key: f.name, Value: v})
		}
	}
	if a.ExpiresAt != 0 {
		// A Go int is written as int32 when it fits, as Node.js writes a
		// whole number, so a document read and written back keeps its types.
		d = append(d, bson.E{Key: fExpiresAt, Value: int(a.ExpiresAt)})
	}
	for _, k := range sortedKeys(a.Extra) {
		d = append(d, bson.E{Key: k, Value: a.Extra[k]})
	}
	return d
}

// toAccount converts an account document; unknown fields go to Extra.
func toAccount(d bson.D) (*adapter.Account, error) {
	a := &adapter.Account{}
outer:
	for _, e := range d {
		switch e.Key {
		case fID:
			continue
		case fUserID:
			id, err := hexID(e.Value)
			if err != nil {
				return nil, fmt.Errorf("mongoadapter: account document: userId: %w", err)
			}
			a.UserID = id
			continue
		case fExpiresAt:
			n, err := integer(e.Value)
			if err != nil {
				return nil, fmt.Errorf("mongoadapter: account document: expires_at: %w", err)
			}
			a.ExpiresAt = n
			continue
		}
		for _, f := range accountStrings {
			if e.Key == f.name {
				*f.get(a) = str(e.Value)
				continue outer
			}
		}
		if a.Extra == nil {
			a.Extra = map[string]any{}
		}
		a.Extra[e.Key] = plain(e.Value)
	}
	return a, nil
}

// sessionDoc is a session's document.
type sessionDoc struct {
	ID           bson.ObjectID `bson:"_id"`
	SessionToken string        `bson:"sessionToken"`
	UserID       bson.ObjectID `bson:"userId"`
	Expires      time.Time     `bson:"expires"`
}

func (s *sessionDoc) model() *adapter.Session {
	return &adapter.Session{SessionToken: s.SessionToken, UserID: s.UserID.Hex(), Expires: s.Expires.UTC()}
}

// tokenDoc is a verification token's document.
type tokenDoc struct {
	ID         bson.ObjectID `bson:"_id"`
	Identifier string        `bson:"identifier"`
	Token      string        `bson:"token"`
	Expires    time.Time     `bson:"expires"`
}

// authenticatorDoc is a WebAuthn credential's document, with the field names
// of Auth.js's AdapterAuthenticator (and its Prisma schema).
type authenticatorDoc struct {
	ID                   bson.ObjectID `bson:"_id"`
	CredentialID         string        `bson:"credentialID"`
	UserID               bson.ObjectID `bson:"userId"`
	ProviderAccountID    string        `bson:"providerAccountId"`
	CredentialPublicKey  string        `bson:"credentialPublicKey"`
	Counter              int64         `bson:"counter"`
	CredentialDeviceType string        `bson:"credentialDeviceType"`
	CredentialBackedUp   bool          `bson:"credentialBackedUp"`
	Transports           string        `bson:"transports,omitempty"`
}

func (d *authenticatorDoc) model() *adapter.Authenticator {
	return &adapter.Authenticator{
		CredentialID: d.CredentialID, UserID: d.UserID.Hex(), ProviderAccountID: d.ProviderAccountID,
		CredentialPublicKey: d.CredentialPublicKey, Counter: d.Counter,
		CredentialDeviceType: d.CredentialDeviceType, CredentialBackedUp: d.CredentialBackedUp,
		Transports: d.Transports,
	}
}

// hexID is the model form of a stored key: an ObjectId's hex, or a string
// key as it is (documents written by other tools).
func hexID(v any) (string, error) {
	switch x := v.(type) {
	case bson.ObjectID:
		return x.Hex(), nil
	case string:
		return x, nil
	}
	return "", fmt.Errorf("a %T, want an ObjectId", v)
}

// str reads an optional string field; null and other types are "".
func str(v any) string {
	s, _ := v.(string)
	return s
}

// integer reads a number that Node.js may have written as int32, int64 or
// double.
func integer(v any) (int64, error) {
	switch x := v.(type) {
	case nil:
		return 0, nil
	case int32:
		return int64(x), nil
	case int64:
		return x, nil
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return 0, fmt.Errorf("%v is not a whole number of seconds", x)
		}
		return int64(x), nil
	}
	return 0, fmt.Errorf("a %T, want a number", v)
}

// plain converts decoded BSON values of Extra fields to plain Go values:
// dates to time.Time, int32 to int (which the driver writes back as int32
// when it fits), arrays to []any, documents to map[string]any, ObjectIds to
// their hex.
func plain(v any) any {
	switch x := v.(type) {
	case bson.DateTime:
		return x.Time().UTC()
	case int32:
		return int(x)
	case bson.ObjectID:
		return x.Hex()
	case bson.A:
		out := make([]any, len(x))
		for i := range x {
			out[i] = plain(x[i])
		}
		return out
	case bson.D:
		out := make(map[string]any, len(x))
		for _, e := range x {
			out[e.Key] = plain(e.Value)
		}
		return out
	}
	return v
}

// sortedKeys returns m's keys in order, so documents are written the same
// way every time.
func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }
