package testsvc_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gatehouse-go/gatehouse/internal/testsvc"
)

func TestPostgres(t *testing.T) {
	pg := testsvc.NewPostgres(t)
	if _, err := pg.DB.Exec("CREATE TABLE probe (id int)"); err != nil {
		t.Fatal(err)
	}
	var schema string
	if err := pg.DB.QueryRow("SELECT table_schema FROM information_schema.tables WHERE table_name='probe'").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	if schema != pg.Schema {
		t.Fatalf("table landed in %q, want the test schema %q", schema, pg.Schema)
	}
}

func TestMySQL(t *testing.T) {
	my := testsvc.NewMySQL(t)
	var name string
	if err := my.DB.QueryRow("SELECT DATABASE()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	if name != my.Database {
		t.Fatalf("connected to %q, want %q", name, my.Database)
	}
}

func TestRedis(t *testing.T) {
	r := testsvc.NewRedis(t)
	if !strings.HasPrefix(r.Prefix, "gh_") || !strings.HasSuffix(r.Prefix, ":") {
		t.Fatalf("prefix %q", r.Prefix)
	}
}

func ExampleName() {
	n := testsvc.Name("gh_")
	fmt.Println(strings.HasPrefix(n, "gh_"), len(n)) // "gh_" and 12 hex digits
	// Output: true 15
}
