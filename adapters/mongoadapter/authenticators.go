package mongoadapter

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// CreateAuthenticator inserts the credential; the unique credentialID index
// makes a clash adapter.ErrConflict.
func (a *Adapter) CreateAuthenticator(ctx context.Context, au *adapter.Authenticator) error {
	uid, ok := objectID(au.UserID)
	if !ok {
		return notFound("CreateAuthenticator: no such user")
	}
	d := authenticatorDoc{
		ID: bson.NewObjectID(), CredentialID: au.CredentialID, UserID: uid, ProviderAccountID: au.ProviderAccountID,
		CredentialPublicKey: au.CredentialPublicKey, Counter: au.Counter, CredentialDeviceType: au.CredentialDeviceType,
		CredentialBackedUp: au.CredentialBackedUp, Transports: au.Transports,
	}
	return a.insertOwned(ctx, "CreateAuthenticator", a.auths, uid, d.ID, d)
}

// GetAuthenticator returns the credential.
func (a *Adapter) GetAuthenticator(ctx context.Context, credentialID string) (*adapter.Authenticator, error) {
	var d authenticatorDoc
	err := a.auths.FindOne(ctx, bson.D{{Key: "credentialID", Value: credentialID}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, notFound("GetAuthenticator")
	}
	if err != nil {
		return nil, wrap("GetAuthenticator", err)
	}
	return d.model(), nil
}

// ListAuthenticators returns the user's credentials.
func (a *Adapter) ListAuthenticators(ctx context.Context, userID string) ([]*adapter.Authenticator, error) {
	out := []*adapter.Authenticator{}
	uid, ok := objectID(userID)
	if !ok {
		return out, nil
	}
	cur, err := a.auths.Find(ctx, bson.D{{Key: fUserID, Value: uid}})
	if err != nil {
		return nil, wrap("ListAuthenticators", err)
	}
	var docs []authenticatorDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, wrap("ListAuthenticators", err)
	}
	for i := range docs {
		out = append(out, docs[i].model())
	}
	return out, nil
}

// UpdateAuthenticatorCounter sets the counter in one findAndModify that
// returns the credential as now stored.
func (a *Adapter) UpdateAuthenticatorCounter(ctx context.Context, credentialID string, counter int64) (*adapter.Authenticator, error) {
	var d authenticatorDoc
	err := a.auths.FindOneAndUpdate(ctx, bson.D{{Key: "credentialID", Value: credentialID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "counter", Value: counter}}}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, notFound("UpdateAuthenticatorCounter")
	}
	if err != nil {
		return nil, wrap("UpdateAuthenticatorCounter", err)
	}
	return d.model(), nil
}
