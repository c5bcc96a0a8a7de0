package compose_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/adapters/compose"
	"github.com/gatehouse-go/gatehouse/adapters/memory"
)

// The session part is usually a redisadapter.Adapter, whose own examples
// show the whole composition (Example_compose in adapters/redisadapter);
// New says what a missing part must be.
func ExampleNew() {
	users := memory.New() // in production usually the SQL adapter
	_, err := compose.New(compose.Parts{Users: users, Tokens: users})
	fmt.Println(err)
	// Output:
	// compose: New: Parts.Sessions is nil; give a session store that implements compose.SessionPart (for example a redisadapter.Adapter)
}
