package schema_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
)

// Rename a table and a column of a preset, add an application column, and
// print the statement that creates the users table on PostgreSQL.
func Example() {
	s := schema.AuthJS()
	if err := s.RenameTable(schema.ModelUser, "members"); err != nil {
		fmt.Println(err)
	}
	if err := s.RenameColumn(schema.ModelUser, schema.FieldImage, "avatar_url"); err != nil {
		fmt.Println(err)
	}
	if err := s.AddUserColumn(schema.Column{Field: "role", Kind: schema.String}); err != nil {
		fmt.Println(err)
	}
	fmt.Println(s.CreateTable(schema.Postgres, s.Users))
	// Output:
	// CREATE TABLE IF NOT EXISTS "members" (
	//   "id" SERIAL PRIMARY KEY,
	//   "name" VARCHAR(255),
	//   "email" VARCHAR(255),
	//   "emailVerified" TIMESTAMPTZ,
	//   "avatar_url" TEXT,
	//   "role" TEXT
	// )
}
