package mongoadapter

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// CreateUser inserts the user. An ID that is an ObjectId's hex is kept;
// any other ID (gatehouse's UUIDs, like Auth.js's) gets a new ObjectId, as
// @auth/mongodb-adapter does. The unique email index makes a clash
// adapter.ErrConflict.
func (a *Adapter) CreateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	if err := checkExtra("CreateUser", u.Extra, userFields); err != nil {
		return nil, err
	}
	id, ok := objectID(u.ID)
	if !ok {
		id = bson.NewObjectID()
	}
	if _, err := a.users.InsertOne(ctx, userDoc(id, u)); err != nil {
		return nil, wrap("CreateUser", err)
	}
	out := u.Clone()
	out.ID = id.Hex()
	if out.EmailVerified != nil {
		t := date(*out.EmailVerified).Time().UTC()
		out.EmailVerified = &t
	}
	return out, nil
}

// GetUser returns the user with this ID; an ID that is not an ObjectId is
// adapter.ErrNotFound.
func (a *Adapter) GetUser(ctx context.Context, id string) (*adapter.User, error) {
	oid, ok := objectID(id)
	if !ok {
		return nil, notFound("GetUser")
	}
	return a.findUser(ctx, "GetUser", bson.D{{Key: fID, Value: oid}})
}

// GetUserByEmail returns the user with exactly this email.
func (a *Adapter) GetUserByEmail(ctx context.Context, email string) (*adapter.User, error) {
	if email == "" {
		return nil, notFound("GetUserByEmail")
	}
	return a.findUser(ctx, "GetUserByEmail", bson.D{{Key: fEmail, Value: email}})
}

// GetUserByAccount finds the account, then its user: two round trips, as in
// @auth/mongodb-adapter.
func (a *Adapter) GetUserByAccount(ctx context.Context, provider, providerAccountID string) (*adapter.User, error) {
	var acc struct {
		UserID bson.ObjectID `bson:"userId"`
	}
	err := a.accounts.FindOne(ctx, accountKey(provider, providerAccountID),
		options.FindOne().SetProjection(bson.D{{Key: fUserID, Value: 1}})).Decode(&acc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, notFound("GetUserByAccount")
	}
	if err != nil {
		return nil, wrap("GetUserByAccount", err)
	}
	return a.findUser(ctx, "GetUserByAccount", bson.D{{Key: fID, Value: acc.UserID}})
}

func (a *Adapter) findUser(ctx context.Context, op string, filter bson.D) (*adapter.User, error) {
	var d bson.D
	err := a.users.FindOne(ctx, filter).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, notFound(op)
	}
	if err != nil {
		return nil, wrap(op, err)
	}
	return toUser(d)
}

// UpdateUser sets the user's fields in one findAndModify, which returns the
// user as now stored; the unique email index makes a clash
// adapter.ErrConflict, changing nothing.
func (a *Adapter) UpdateUser(ctx context.Context, u *adapter.User) (*adapter.User, error) {
	if err := checkExtra("UpdateUser", u.Extra, userFields); err != nil {
		return nil, err
	}
	oid, ok := objectID(u.ID)
	if !ok {
		return nil, notFound("UpdateUser")
	}
	var d bson.D
	err := a.users.FindOneAndUpdate(ctx, bson.D{{Key: fID, Value: oid}}, userUpdate(u),
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, notFound("UpdateUser")
	}
	if err != nil {
		return nil, wrap("UpdateUser", err)
	}
	return toUser(d)
}

// DeleteUser deletes the user first, so that from then on no session or
// account leads to it (GetSessionAndUser and GetUserByAccount need the
// user), then its accounts, sessions and authenticators. Writers that add
// to a user check after their insert that the user still exists (see
// insertOwned), so none of them leaves a document behind.
func (a *Adapter) DeleteUser(ctx context.Context, id string) error {
	oid, ok := objectID(id)
	if !ok {
		return notFound("DeleteUser")
	}
	res, err := a.users.DeleteOne(ctx, bson.D{{Key: fID, Value: oid}})
	if err != nil {
		return wrap("DeleteUser", err)
	}
	if res.DeletedCount == 0 {
		return notFound("DeleteUser")
	}
	owned := bson.D{{Key: fUserID, Value: oid}}
	for _, c := range []*mongo.Collection{a.accounts, a.sessions, a.auths} {
		if _, err := c.DeleteMany(ctx, owned); err != nil {
			return wrap("DeleteUser: deleting from "+c.Name(), err)
		}
	}
	return nil
}

// userExists reports whether the user with this key exists.
func (a *Adapter) userExists(ctx context.Context, oid bson.ObjectID) (bool, error) {
	n, err := a.users.CountDocuments(ctx, bson.D{{Key: fID, Value: oid}}, options.Count().SetLimit(1))
	return n > 0, err
}

// insertOwned inserts doc, which belongs to the user oid, into c, then
// checks that the user exists. If it does not, it deletes doc again and
// reports adapter.ErrNotFound. Checking after the insert, not before, is
// what makes it safe against a concurrent DeleteUser without transactions:
// either the check sees the user, and then DeleteUser's deletes of the
// user's documents come after the insert and remove doc; or it does not,
// and doc is removed here.
func (a *Adapter) insertOwned(ctx context.Context, op string, c *mongo.Collection, oid, docID bson.ObjectID, doc any) error {
	if _, err := c.InsertOne(ctx, doc); err != nil {
		return wrap(op, err)
	}
	ok, err := a.userExists(ctx, oid)
	if err == nil && ok {
		return nil
	}
	if _, derr := c.DeleteOne(ctx, bson.D{{Key: fID, Value: docID}}); derr != nil && err == nil {
		err = derr
	}
	if err != nil {
		return wrap(op, err)
	}
	return notFound(op + ": no such user")
}
