package mongoadapter

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

// counter counts the commands a client sends, for tests and benchmarks
// that report round trips.
type counter struct{ n atomic.Int64 }

func (c *counter) monitor() *event.CommandMonitor {
	return &event.CommandMonitor{Started: func(context.Context, *event.CommandStartedEvent) { c.n.Add(1) }}
}

// newTestClient connects to the test server (GATEHOUSE_TEST_MONGODB) and
// returns a client and a fresh database name, which is dropped when the
// test ends. A counter, if given, counts the client's commands.
func newTestClient(t testing.TB, c *counter) (*mongo.Client, *testsvc.MongoDB) {
	t.Helper()
	svc := testsvc.NewMongoDB(t)
	o := options.Client().ApplyURI(svc.URL).SetServerSelectionTimeout(5 * time.Second)
	if c != nil {
		o.SetMonitor(c.monitor())
	}
	client, err := mongo.Connect(o)
	if err != nil {
		t.Fatalf("mongo.Connect(%s): %v", svc.URL, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := client.Ping(ctx, nil); err != nil {
		client.Disconnect(ctx)
		testsvc.Unavailable(t, "MongoDB at "+svc.URL, err, "bash -c 'source .ci/services.sh && ensure_ferretdb'")
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := client.Database(svc.Database).Drop(ctx); err != nil {
			t.Logf("cleanup: drop database %s: %v", svc.Database, err)
		}
		client.Disconnect(ctx)
	})
	return client, svc
}

// newTestAdapter returns an Adapter with opts in a fresh database, with its
// indexes created.
func newTestAdapter(t testing.TB, opts Options) *Adapter {
	t.Helper()
	a, _ := newCountingAdapter(t, opts)
	return a
}

// newCountingAdapter is newTestAdapter whose client's commands are counted.
func newCountingAdapter(t testing.TB, opts Options) (*Adapter, *counter) {
	t.Helper()
	c := &counter{}
	client, svc := newTestClient(t, c)
	opts.Database = svc.Database
	a, err := New(client, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := a.Init(ctx); err != nil {
		t.Fatalf("Init: %v", err)
	}
	return a, c
}
