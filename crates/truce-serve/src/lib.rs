//! The web face of the report stage: `truce serve`'s HTTP API (described by an OpenAPI 3.1 document
//! generated from the handlers) and the dashboard (server-rendered pages, a little JavaScript, every
//! asset embedded in the binary so that no request leaves the machine).
//!
//! Owns: routing, the API's query bounds and its one error body, the pages' templates, the security
//! headers. It shows what `truce-report` computes (the same values the command line prints) and reads
//! the store only through `truce-store` and `truce_assess::persist::read`: there is no SQL here.
//!
//! Every store read runs on the blocking pool with a connection from a small pool of its own. A
//! connection outside a transaction sees each commit another process (`truce ingest`) makes, so new
//! data shows without a restart.

mod api;
mod assets;
mod error;
mod pages;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{HeaderValue, header};
use serde::Serialize;
use truce_pack::Packs;
use truce_store::SqliteStore;

pub use error::ApiError;
pub use pages::url_segment as percent_encode;

/// The largest request body the server reads (a posted article): a long page of HTML is a few hundred
/// kilobytes; anything far beyond is not an article.
pub const MAX_BODY_BYTES: usize = 4 << 20;

/// How many store connections stay open for reuse; more are opened when more requests run at once.
const POOLED_CONNECTIONS: usize = 8;

/// The Content-Security-Policy of every response: nothing but this server's own files, no inline
/// script or style, no frames. Ingested text is hostile, and this makes a template bug harmless.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// One document posted to `POST /api/v1/documents`, as the JSON line `truce ingest` reads.
#[derive(Debug, Clone)]
pub struct Submission {
    /// What messages call it ("POST /api/v1/documents").
    pub name: String,
    pub jsonl: Vec<u8>,
}

/// What ingesting a posted document did, as the command line's ingest reports it.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct IngestAnswer {
    /// Ids of the documents stored.
    pub stored: Vec<String>,
    /// Ids of documents already in the store (the same text, or a copy of one wire story).
    pub duplicates: Vec<String>,
    /// Why each input that could not be read was refused.
    pub errors: Vec<String>,
    /// What reading repaired or could not use.
    pub notes: Vec<String>,
}

/// Ingests, extracts and assesses one submission in the store it is given, as `truce ingest` does.
/// The command line supplies it, so that the server needs none of the ingest stages' crates.
pub type IngestFn = dyn Fn(&mut SqliteStore, Submission) -> anyhow::Result<IngestAnswer> + Send + Sync;

/// How to run the server.
pub struct ServeConfig {
    pub db: PathBuf,
    pub packs: Packs,
    pub addr: SocketAddr,
    /// The bearer token of the write endpoints; without one there are none.
    pub token: Option<String>,
    pub ingest: Option<Arc<IngestFn>>,
}

/// What every handler shares.
pub(crate) struct AppState {
    db: PathBuf,
    packs: Packs,
    pool: Mutex<Vec<SqliteStore>>,
    /// One writer at a time: SQLite has one, and a second would only wait for the lock.
    writer: tokio::sync::Mutex<()>,
    token: Option<String>,
    ingest: Option<Arc<IngestFn>>,
}

impl AppState {
    /// Runs `f` on the blocking pool with a store connection; a panic in it is a 500, not a dropped
    /// connection.
    pub(crate) async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&SqliteStore, &Packs) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let store = state.take_store()?;
            let out = f(&store, &state.packs);
            state.give_back(store);
            out
        })
        .await
        .map_err(|e| ApiError::internal(format!("the request's work failed: {e}")))?
    }

    /// Runs `f` with a writable connection, one writer at a time.
    pub(crate) async fn write<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&mut SqliteStore, &Packs) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _one_writer = self.writer.lock().await;
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = state.take_store()?;
            let out = f(&mut store, &state.packs);
            state.give_back(store);
            out
        })
        .await
        .map_err(|e| ApiError::internal(format!("the request's work failed: {e}")))?
    }

    fn take_store(&self) -> Result<SqliteStore, ApiError> {
        let pooled = self.pool.lock().unwrap_or_else(|p| p.into_inner()).pop();
        match pooled {
            Some(store) => Ok(store),
            None => SqliteStore::open(&self.db).map_err(|e| ApiError::internal(e.to_string())),
        }
    }

    fn give_back(&self, store: SqliteStore) {
        let mut pool = self.pool.lock().unwrap_or_else(|p| p.into_inner());
        if pool.len() < POOLED_CONNECTIONS {
            pool.push(store);
        }
    }
}

/// The whole application: API, dashboard, assets, and the headers every response carries.
pub fn router(config: ServeConfig) -> anyhow::Result<Router> {
    // Opening once up front migrates the schema and fails early on a store that is not one.
    let first = SqliteStore::open(&config.db)?;
    let state = Arc::new(AppState {
        db: config.db,
        packs: config.packs,
        pool: Mutex::new(vec![first]),
        writer: tokio::sync::Mutex::new(()),
        token: config.token,
        ingest: config.ingest,
    });
    let app = Router::new()
        .merge(api::routes(&state))
        .merge(pages::routes())
        .merge(assets::routes())
        .fallback(|| async { ApiError::not_found("no such page") })
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(security_headers))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            axum::response::IntoResponse::into_response(ApiError::internal("the server failed on this request"))
        }));
    Ok(app)
}

async fn security_headers(mut response: axum::response::Response) -> axum::response::Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// A server listening on its address, serving on a thread of its own until stopped.
pub struct Running {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl Running {
    /// Stops accepting, lets the requests under way finish, and waits for the server to end.
    pub fn stop(mut self) -> std::io::Result<()> {
        self.stop_and_join()
    }

    /// Waits until SIGINT or SIGTERM, then stops as [`Running::stop`] does.
    pub fn wait_for_signal(mut self) -> std::io::Result<()> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        runtime.block_on(shutdown_signal())?;
        eprintln!("stopping: finishing the requests under way");
        self.stop_and_join()
    }

    fn stop_and_join(&mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take().map(|t| t.join()) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(std::io::Error::other("the server thread panicked")),
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.stop_and_join();
    }
}

async fn shutdown_signal() -> std::io::Result<()> {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        r = tokio::signal::ctrl_c() => r,
        _ = term.recv() => Ok(()),
    }
}

/// Binds `config.addr` and serves on a thread of its own. An address other than loopback is allowed
/// with a warning: the dashboard has no accounts, and the store is then readable by anyone who can
/// reach it.
pub fn start(config: ServeConfig) -> anyhow::Result<Running> {
    if !config.addr.ip().is_loopback() {
        eprintln!(
            "warning: serving on {}, reachable from other machines: anyone who reaches it reads the whole store",
            config.addr
        );
    }
    let addr = config.addr;
    let app = router(config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new().name("truce-serve".into()).spawn(move || {
        runtime.block_on(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await
        })
    })?;
    Ok(Running { addr, stop: Some(stop), thread: Some(thread) })
}
