package mongoadapter

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// DeleteExpired deletes up to limit sessions and up to limit verification
// tokens whose expires is before now. MongoDB's delete has no limit, so
// with limit > 0 it finds up to limit keys first and deletes those that
// are still expired.
func (a *Adapter) DeleteExpired(ctx context.Context, now time.Time, limit int) (sessions, tokens int64, err error) {
	if sessions, err = deleteExpired(ctx, a.sessions, now, limit); err != nil {
		return 0, 0, wrap("DeleteExpired: sessions", err)
	}
	if tokens, err = deleteExpired(ctx, a.tokens, now, limit); err != nil {
		return sessions, 0, wrap("DeleteExpired: verification tokens", err)
	}
	return sessions, tokens, nil
}

func deleteExpired(ctx context.Context, c *mongo.Collection, now time.Time, limit int) (int64, error) {
	expired := bson.D{{Key: "expires", Value: bson.D{{Key: "$lt", Value: date(now)}}}}
	if limit <= 0 {
		res, err := c.DeleteMany(ctx, expired)
		if err != nil {
			return 0, err
		}
		return res.DeletedCount, nil
	}
	cur, err := c.Find(ctx, expired, options.Find().SetLimit(int64(limit)).SetProjection(bson.D{{Key: fID, Value: 1}}))
	if err != nil {
		return 0, err
	}
	var keys []struct {
		ID bson.ObjectID `bson:"_id"`
	}
	if err := cur.All(ctx, &keys); err != nil {
		return 0, err
	}
	if len(keys) == 0 {
		return 0, nil
	}
	ids := make(bson.A, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	res, err := c.DeleteMany(ctx, append(bson.D{{Key: fID, Value: bson.D{{Key: "$in", Value: ids}}}}, expired...))
	if err != nil {
		return 0, err
	}
	return res.DeletedCount, nil
}
