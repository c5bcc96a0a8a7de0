package mongoadapter

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// accountKey is the filter of one account, the fields of the unique index.
func accountKey(provider, providerAccountID string) bson.D {
	return bson.D{{Key: "provider", Value: provider}, {Key: "providerAccountId", Value: providerAccountID}}
}

// LinkAccount inserts the account; the unique (provider,
// providerAccountId) index makes a second link adapter.ErrConflict.
func (a *Adapter) LinkAccount(ctx context.Context, acc *adapter.Account) error {
	if err := checkExtra("LinkAccount", acc.Extra, accountFields); err != nil {
		return err
	}
	uid, ok := objectID(acc.UserID)
	if !ok {
		return notFound("LinkAccount: no such user")
	}
	id := bson.NewObjectID()
	return a.insertOwned(ctx, "LinkAccount", a.accounts, uid, id, accountDoc(id, uid, acc))
}

// UpdateAccount replaces the account's document with one holding the new
// token fields and Extra, keeping its _id and userId: a field or Extra key
// not given is removed, as the contract's "overwrites" asks. It reads the
// account first (for userId), so it is two round trips.
func (a *Adapter) UpdateAccount(ctx context.Context, acc *adapter.Account) error {
	if err := checkExtra("UpdateAccount", acc.Extra, accountFields); err != nil {
		return err
	}
	key := accountKey(acc.Provider, acc.ProviderAccountID)
	var cur struct {
		ID     bson.ObjectID `bson:"_id"`
		UserID bson.ObjectID `bson:"userId"`
	}
	err := a.accounts.FindOne(ctx, key, options.FindOne().SetProjection(bson.D{{Key: fUserID, Value: 1}})).Decode(&cur)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return notFound("UpdateAccount")
	}
	if err != nil {
		return wrap("UpdateAccount", err)
	}
	doc := accountDoc(cur.ID, cur.UserID, acc)
	res, err := a.accounts.ReplaceOne(ctx, append(bson.D{{Key: fID, Value: cur.ID}}, key...), doc)
	if err != nil {
		return wrap("UpdateAccount", err)
	}
	if res.MatchedCount == 0 {
		return notFound("UpdateAccount")
	}
	return nil
}

// GetAccount returns the account (provider, providerAccountID).
func (a *Adapter) GetAccount(ctx context.Context, provider, providerAccountID string) (*adapter.Account, error) {
	var d bson.D
	err := a.accounts.FindOne(ctx, accountKey(provider, providerAccountID)).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, notFound("GetAccount")
	}
	if err != nil {
		return nil, wrap("GetAccount", err)
	}
	return toAccount(d)
}

// ListAccounts returns the user's accounts.
func (a *Adapter) ListAccounts(ctx context.Context, userID string) ([]*adapter.Account, error) {
	out := []*adapter.Account{}
	uid, ok := objectID(userID)
	if !ok {
		return out, nil
	}
	cur, err := a.accounts.Find(ctx, bson.D{{Key: fUserID, Value: uid}})
	if err != nil {
		return nil, wrap("ListAccounts", err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var d bson.D
		if err := cur.Decode(&d); err != nil {
			return nil, wrap("ListAccounts", err)
		}
		acc, err := toAccount(d)
		if err != nil {
			return nil, err
		}
		out = append(out, acc)
	}
	if err := cur.Err(); err != nil {
		return nil, wrap("ListAccounts", err)
	}
	return out, nil
}

// UnlinkAccount deletes the account.
func (a *Adapter) UnlinkAccount(ctx context.Context, provider, providerAccountID string) error {
	res, err := a.accounts.DeleteOne(ctx, accountKey(provider, providerAccountID))
	if err != nil {
		return wrap("UnlinkAccount", err)
	}
	if res.DeletedCount == 0 {
		return notFound("UnlinkAccount")
	}
	return nil
}
