package mongoadapter

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// CreateVerificationToken inserts the token; the unique (identifier, token)
// index makes a clash adapter.ErrConflict.
func (a *Adapter) CreateVerificationToken(ctx context.Context, t *adapter.VerificationToken) error {
	d := tokenDoc{ID: bson.NewObjectID(), Identifier: t.Identifier, Token: t.Token, Expires: t.Expires}
	if _, err := a.tokens.InsertOne(ctx, d); err != nil {
		return wrap("CreateVerificationToken", err)
	}
	return nil
}

// UseVerificationToken finds the token, then deletes it by its _id; the
// caller whose delete reports DeletedCount == 1 gets the token, every other
// concurrent caller adapter.ErrNotFound. It does not use findOneAndDelete
// (as @auth/mongodb-adapter does) because on FerretDB 1.x that is not
// atomic: several concurrent callers were measured getting the same token,
// while a single-document delete's count is exact on MongoDB and FerretDB.
func (a *Adapter) UseVerificationToken(ctx context.Context, identifier, token string) (*adapter.VerificationToken, error) {
	var d tokenDoc
	err := a.tokens.FindOne(ctx, bson.D{{Key: "identifier", Value: identifier}, {Key: "token", Value: token}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, notFound("UseVerificationToken")
	}
	if err != nil {
		return nil, wrap("UseVerificationToken", err)
	}
	res, err := a.tokens.DeleteOne(ctx, bson.D{{Key: fID, Value: d.ID}})
	if err != nil {
		return nil, wrap("UseVerificationToken", err)
	}
	if res.DeletedCount != 1 {
		return nil, notFound("UseVerificationToken: used by another request")
	}
	return &adapter.VerificationToken{Identifier: d.Identifier, Token: d.Token, Expires: d.Expires.UTC()}, nil
}
