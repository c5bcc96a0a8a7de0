package mongoadapter

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// index is one index Migrate creates.
type index struct {
	coll   *mongo.Collection
	name   string
	keys   bson.D
	unique bool
	sparse bool
	ttl    bool // expireAfterSeconds: 0
}

// Index names. They are stable, so Migrate recognises its own indexes.
const (
	indexUserEmail      = "gatehouse_email"
	indexAccountKey     = "gatehouse_provider_account"
	indexAccountUser    = "gatehouse_account_user"
	indexSessionToken   = "gatehouse_session_token"
	indexSessionUser    = "gatehouse_session_user"
	indexSessionExpires = "gatehouse_session_expires"
	indexTokenKey       = "gatehouse_identifier_token"
	indexTokenExpires   = "gatehouse_token_expires"
	indexCredentialID   = "gatehouse_credential_id"
	indexAuthUser       = "gatehouse_authenticator_user"
)

func asc(fields ...string) bson.D {
	d := make(bson.D, len(fields))
	for i, f := range fields {
		d[i] = bson.E{Key: f, Value: 1}
	}
	return d
}

// indexes lists the indexes that keep the adapter contract: the unique
// ones turn a second insert of a key into a duplicate key error
// (adapter.ErrConflict) on the server, which is atomic without
// transactions; the others serve the lookups by user and by expiry.
//
// The email index is sparse, not partial: FerretDB refuses
// partialFilterExpression. A sparse index skips documents without the
// field, so the adapter leaves email out of a user who has none. (An
// Auth.js app that writes email: null for such users would make the second
// of them clash; Auth.js's providers give an email or no field.)
func (a *Adapter) indexes() []index {
	return []index{
		{coll: a.users, name: indexUserEmail, keys: asc(fEmail), unique: true, sparse: true},
		{coll: a.accounts, name: indexAccountKey, keys: asc("provider", "providerAccountId"), unique: true},
		{coll: a.accounts, name: indexAccountUser, keys: asc(fUserID)},
		{coll: a.sessions, name: indexSessionToken, keys: asc("sessionToken"), unique: true},
		{coll: a.sessions, name: indexSessionUser, keys: asc(fUserID)},
		{coll: a.sessions, name: indexSessionExpires, keys: asc("expires"), ttl: a.ttl},
		{coll: a.tokens, name: indexTokenKey, keys: asc("identifier", "token"), unique: true},
		{coll: a.tokens, name: indexTokenExpires, keys: asc("expires"), ttl: a.ttl},
		{coll: a.auths, name: indexCredentialID, keys: asc("credentialID"), unique: true},
		{coll: a.auths, name: indexAuthUser, keys: asc(fUserID)},
	}
}

// Migrate creates the collections' indexes that are missing. It only adds:
// an index that exists is left as it is, and running it twice is a no-op
// (createIndexes of an existing index is). If a collection already holds
// documents that break a unique index (two users with one email), it
// fails, naming the index; remove the duplicates and run it again.
func (a *Adapter) Migrate(ctx context.Context) error {
	for _, ix := range a.indexes() {
		o := options.Index().SetName(ix.name)
		if ix.unique {
			o.SetUnique(true)
		}
		if ix.sparse {
			o.SetSparse(true)
		}
		if ix.ttl {
			o.SetExpireAfterSeconds(0)
		}
		_, err := ix.coll.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: ix.keys, Options: o})
		if err != nil {
			var se mongo.ServerError
			// 85 IndexOptionsConflict, 86 IndexKeySpecsConflict: an index on
			// these keys exists under another name or with other options
			// (made by hand or by Auth.js's docs); keep it.
			if errors.As(err, &se) && (se.HasErrorCode(85) || se.HasErrorCode(86)) {
				if err := a.checkExisting(ctx, ix); err != nil {
					return err
				}
				continue
			}
			return fmt.Errorf("mongoadapter: Migrate: creating index %s on %s: %w", ix.name, ix.coll.Name(), err)
		}
	}
	return nil
}

// checkExisting checks an index that exists on ix's keys under another name
// or with other options: it must be unique where ix is, or the contract's
// conflicts would go unnoticed.
func (a *Adapter) checkExisting(ctx context.Context, ix index) error {
	cur, err := ix.coll.Indexes().List(ctx)
	if err != nil {
		return fmt.Errorf("mongoadapter: Migrate: listing the indexes of %s: %w", ix.coll.Name(), err)
	}
	var specs []struct {
		Name   string `bson:"name"`
		Key    bson.D `bson:"key"`
		Unique bool   `bson:"unique"`
	}
	if err := cur.All(ctx, &specs); err != nil {
		return fmt.Errorf("mongoadapter: Migrate: listing the indexes of %s: %w", ix.coll.Name(), err)
	}
	for _, s := range specs {
		if !sameKeys(s.Key, ix.keys) {
			continue
		}
		if ix.unique && !s.Unique {
			return fmt.Errorf("mongoadapter: Migrate: index %s on %s covers %v but is not unique, so duplicates would not be refused; drop it (db.%s.dropIndex(%q)) and run Migrate again",
				s.Name, ix.coll.Name(), keyNames(ix.keys), ix.coll.Name(), s.Name)
		}
		return nil
	}
	return nil
}

func sameKeys(a, b bson.D) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Key != b[i].Key {
			return false
		}
	}
	return true
}

func keyNames(d bson.D) []string {
	out := make([]string, len(d))
	for i, e := range d {
		out[i] = e.Key
	}
	return out
}
