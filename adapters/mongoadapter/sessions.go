package mongoadapter

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/gatehouse-go/gatehouse/adapter"
)

// CreateSession inserts the session; the unique sessionToken index makes a
// clash adapter.ErrConflict. It is two round trips: the insert, then the
// check that the user exists (see insertOwned).
func (a *Adapter) CreateSession(ctx context.Context, s *adapter.Session) error {
	uid, ok := objectID(s.UserID)
	if !ok {
		return notFound("CreateSession: no such user")
	}
	d := sessionDoc{ID: bson.NewObjectID(), SessionToken: s.SessionToken, UserID: uid, Expires: s.Expires}
	return a.insertOwned(ctx, "CreateSession", a.sessions, uid, d.ID, d)
}

// GetSessionAndUser returns the session and its user. On a server that runs
// $lookup (MongoDB) it is one aggregate; on one that does not (FerretDB
// 1.x), found out on the first call and remembered, it is two finds.
func (a *Adapter) GetSessionAndUser(ctx context.Context, sessionToken string) (*adapter.Session, *adapter.User, error) {
	if a.lookup.Load() != lookupNo {
		s, u, err := a.sessionLookup(ctx, sessionToken)
		if err == nil || errors.Is(err, adapter.ErrNotFound) {
			// Only the first answer writes: a store on every read would
			// make every core write one shared cache line per request.
			a.lookup.CompareAndSwap(lookupUnknown, lookupYes)
			return s, u, err
		}
		if a.lookup.Load() == lookupYes || !unsupported(err) {
			return nil, nil, err
		}
		a.lookup.Store(lookupNo)
	}
	return a.sessionTwoFinds(ctx, sessionToken)
}

// sessionLookup is GetSessionAndUser in one aggregate with $lookup.
func (a *Adapter) sessionLookup(ctx context.Context, sessionToken string) (*adapter.Session, *adapter.User, error) {
	pipeline := mongo.Pipeline{
		{{Key: "$match", Value: bson.D{{Key: "sessionToken", Value: sessionToken}}}},
		{{Key: "$limit", Value: 1}},
		{{Key: "$lookup", Value: bson.D{
			{Key: "from", Value: a.users.Name()},
			{Key: "localField", Value: fUserID},
			{Key: "foreignField", Value: fID},
			{Key: "as", Value: "user"},
		}}},
	}
	cur, err := a.sessions.Aggregate(ctx, pipeline)
	if err != nil {
		return nil, nil, wrap("GetSessionAndUser", err)
	}
	defer cur.Close(ctx)
	if !cur.Next(ctx) {
		if err := cur.Err(); err != nil {
			return nil, nil, wrap("GetSessionAndUser", err)
		}
		return nil, nil, notFound("GetSessionAndUser")
	}
	return lookupRow(cur.Current)
}

// lookupRow reads sessionLookup's result: the session document with its
// user, or none, in the array "user".
func lookupRow(raw bson.Raw) (*adapter.Session, *adapter.User, error) {
	// The session's fields are listed again rather than embedding
	// sessionDoc: the codec skips an embedded unexported type.
	var row struct {
		SessionToken string        `bson:"sessionToken"`
		UserID       bson.ObjectID `bson:"userId"`
		Expires      time.Time     `bson:"expires"`
		User         []bson.D      `bson:"user"`
	}
	if err := bson.Unmarshal(raw, &row); err != nil {
		return nil, nil, wrap("GetSessionAndUser", err)
	}
	if len(row.User) == 0 {
		return nil, nil, notFound("GetSessionAndUser: the session's user")
	}
	u, err := toUser(row.User[0])
	if err != nil {
		return nil, nil, err
	}
	return (&sessionDoc{SessionToken: row.SessionToken, UserID: row.UserID, Expires: row.Expires}).model(), u, nil
}

// sessionTwoFinds is GetSessionAndUser as two finds, as
// @auth/mongodb-adapter does it.
func (a *Adapter) sessionTwoFinds(ctx context.Context, sessionToken string) (*adapter.Session, *adapter.User, error) {
	var d sessionDoc
	err := a.sessions.FindOne(ctx, bson.D{{Key: "sessionToken", Value: sessionToken}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil, notFound("GetSessionAndUser")
	}
	if err != nil {
		return nil, nil, wrap("GetSessionAndUser", err)
	}
	u, err := a.findUser(ctx, "GetSessionAndUser: the session's user", bson.D{{Key: fID, Value: d.UserID}})
	if err != nil {
		return nil, nil, err
	}
	return d.model(), u, nil
}

// unsupported reports whether the server refused a command or pipeline
// stage it does not implement (codes 59 CommandNotFound, 238
// NotImplemented; 40324 unrecognised pipeline stage; 115
// CommandNotSupported).
func unsupported(err error) bool {
	var se mongo.ServerError
	if !errors.As(err, &se) {
		return false
	}
	for _, c := range []int{59, 115, 238, 40324} {
		if se.HasErrorCode(c) {
			return true
		}
	}
	return false
}

// UpdateSession sets the session's expires.
func (a *Adapter) UpdateSession(ctx context.Context, s *adapter.Session) error {
	res, err := a.sessions.UpdateOne(ctx, bson.D{{Key: "sessionToken", Value: s.SessionToken}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "expires", Value: date(s.Expires)}}}})
	if err != nil {
		return wrap("UpdateSession", err)
	}
	if res.MatchedCount == 0 {
		return notFound("UpdateSession")
	}
	return nil
}

// DeleteSession deletes the session.
func (a *Adapter) DeleteSession(ctx context.Context, sessionToken string) error {
	res, err := a.sessions.DeleteOne(ctx, bson.D{{Key: "sessionToken", Value: sessionToken}})
	if err != nil {
		return wrap("DeleteSession", err)
	}
	if res.DeletedCount == 0 {
		return notFound("DeleteSession")
	}
	return nil
}

// ListSessions returns the user's sessions, expired ones included.
func (a *Adapter) ListSessions(ctx context.Context, userID string) ([]*adapter.Session, error) {
	out := []*adapter.Session{}
	uid, ok := objectID(userID)
	if !ok {
		return out, nil
	}
	cur, err := a.sessions.Find(ctx, bson.D{{Key: fUserID, Value: uid}})
	if err != nil {
		return nil, wrap("ListSessions", err)
	}
	var docs []sessionDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, wrap("ListSessions", err)
	}
	for i := range docs {
		out = append(out, docs[i].model())
	}
	return out, nil
}

// DeleteUserSessions deletes every session of the user.
func (a *Adapter) DeleteUserSessions(ctx context.Context, userID string) error {
	uid, ok := objectID(userID)
	if !ok {
		return nil
	}
	if _, err := a.sessions.DeleteMany(ctx, bson.D{{Key: fUserID, Value: uid}}); err != nil {
		return wrap("DeleteUserSessions", err)
	}
	return nil
}
