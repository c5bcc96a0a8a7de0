package adapter

// Opener opens an adapter from a database URL whose scheme the core does
// not know, such as mongodb://. An adapter module that speaks such a
// database exports one (mongoadapter.Open), and the application maps the
// scheme to it in gatehouse.Config.Openers, so that the core never imports
// the database's driver. The adapter it returns should implement
// Initializer if it must reach the server before first use, and io.Closer
// if it holds connections.
type Opener func(rawURL string) (Adapter, error)
