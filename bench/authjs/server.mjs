// Auth.js (Express) server for gatehouse-bench: GET /api/auth/session with
// database sessions (@auth/pg-adapter on PostgreSQL, schema PG_SCHEMA) or
// JWT sessions. WORKERS=0 runs one process; WORKERS=n forks n node:cluster
// workers sharing the port. Prints "listening http://127.0.0.1:port" once
// every worker listens. Configuration comes from the environment:
// AUTH_SECRET, STRATEGY (database | jwt), WORKERS, DATABASE_URL, PG_SCHEMA,
// PG_POOL (connections per process), PORT (0: any free port).
import cluster from "node:cluster"
import net from "node:net"

const workers = Number(process.env.WORKERS ?? "0")

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.on("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

async function worker(port) {
  const { default: express } = await import("express")
  const { ExpressAuth } = await import("@auth/express")
  const { default: GitHub } = await import("@auth/express/providers/github")
  const strategy = process.env.STRATEGY ?? "database"
  const config = {
    secret: process.env.AUTH_SECRET,
    trustHost: true,
    basePath: "/api/auth",
    providers: [GitHub({ clientId: "bench", clientSecret: "bench" })],
    session: { strategy },
    logger: { error() {}, warn() {}, debug() {} },
  }
  if (strategy === "database") {
    const { default: pg } = await import("pg")
    const { default: PostgresAdapter } = await import("@auth/pg-adapter")
    const pool = new pg.Pool({
      connectionString: process.env.DATABASE_URL,
      max: Number(process.env.PG_POOL ?? "10"),
      options: `-c search_path=${process.env.PG_SCHEMA ?? "public"}`,
    })
    config.adapter = PostgresAdapter(pool)
  }
  const app = express()
  app.set("trust proxy", true)
  app.use("/api/auth", ExpressAuth(config))
  await new Promise((resolve) => app.listen(port, "127.0.0.1", resolve))
}

if (workers > 0 && cluster.isPrimary) {
  const port = Number(process.env.PORT ?? "0") || (await freePort())
  let up = 0
  cluster.on("message", (_w, msg) => {
    if (msg === "listening" && ++up === workers) console.log(`listening http://127.0.0.1:${port}`)
  })
  cluster.on("exit", (w, code) => {
    console.error(`worker ${w.process.pid} exited with ${code}`)
    process.exit(1)
  })
  for (let i = 0; i < workers; i++) cluster.fork({ PORT: String(port) })
  process.on("SIGTERM", () => {
    for (const w of Object.values(cluster.workers)) w.process.kill("SIGTERM")
    process.exit(0)
  })
} else if (workers > 0) {
  await worker(Number(process.env.PORT))
  process.send("listening")
  process.on("SIGTERM", () => process.exit(0))
} else {
  const port = Number(process.env.PORT ?? "0") || (await freePort())
  await worker(port)
  console.log(`listening http://127.0.0.1:${port}`)
  process.on("SIGTERM", () => process.exit(0))
}
