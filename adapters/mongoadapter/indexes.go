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
				continue
			}
			return fmt.Errorf("mongoadapter: Migrate: creating index %s on %s: %w", ix.name, ix.coll.Name(), err)
		}
	}
	return nil
}
