package adapters

import (
	"github.com/gatehouse-go/gatehouse/adapter"
	"github.com/gatehouse-go/gatehouse/adapters/sqladapter"
)

// Default returns the default adapter for cfg: sqladapter.New(cfg). Like
// sqladapter.New it never fails; a configuration error is returned by the
// adapter's Init and by every method.
func Default(cfg sqladapter.Config) adapter.Adapter {
	return sqladapter.New(cfg)
}
