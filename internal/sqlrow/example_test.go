package sqlrow_test

import (
	"fmt"
	"time"

	"github.com/gatehouse-go/gatehouse/adapter/schema"
	"github.com/gatehouse-go/gatehouse/internal/sqlrow"
)

func ExampleEncoder_Time() {
	at := time.Date(2026, 1, 2, 3, 4, 5, 678900000, time.UTC)
	fmt.Println(sqlrow.Encoder{Dialect: schema.MySQL}.Time(at))
	// Output: 2026-01-02 03:04:05.678000
}
