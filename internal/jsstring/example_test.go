package jsstring_test

import (
	"fmt"

	"github.com/gatehouse-go/gatehouse/internal/jsstring"
)

func ExampleToLower() {
	fmt.Println(jsstring.ToLower("İnci@Interop.Test"), jsstring.ToLower("ΟΔΟΣ@example.gr"))
	// Output: i̇nci@interop.test οδος@example.gr
}
