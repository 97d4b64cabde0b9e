//! The dashboard's static files, embedded in the binary: our own script and style, and the vendored
//! browser libraries (`assets/vendor/`, rebuilt by `scripts/build-web-assets.sh`, licences beside them).

use std::sync::Arc;

use axum::Router;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use include_dir::{Dir, include_dir};

use crate::AppState;
use crate::error::ApiError;

static ASSETS: Dir = include_dir!("$CARGO_MANIFEST_DIR/assets");

/// Content types by file extension: only what the folder holds.
const CONTENT_TYPES: &[(&str, &str)] = &[
    ("js", "text/javascript; charset=utf-8"),
    ("css", "text/css; charset=utf-8"),
    ("json", "application/json"),
    ("png", "image/png"),
    ("svg", "image/svg+xml"),
    ("html", "text/html; charset=utf-8"),
    ("txt", "text/plain; charset=utf-8"),
    ("tsv", "text/plain; charset=utf-8"),
];

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/assets/{*path}", get(asset)).route("/api/docs", get(api_docs))
}

/// The embedded file at `path`, if there is one.
pub(crate) fn file(path: &str) -> Option<&'static [u8]> {
    ASSETS.get_file(path).map(|f| f.contents())
}

async fn asset(Path(path): Path<String>) -> Response {
    let Some(contents) = file(&path) else {
        return ApiError::not_found(format!("no asset {path:?}")).into_response();
    };
    let extension = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let content_type = CONTENT_TYPES
        .iter()
        .find(|(e, _)| *e == extension)
        .map(|(_, t)| *t)
        // LICENSE, NOTICE: the vendored packages' licences.
        .unwrap_or("text/plain; charset=utf-8");
    // Vendored files change only with the binary; ours too, but a new build should show at once.
    let cache = if path.starts_with("vendor/") { "public, max-age=86400" } else { "no-cache" };
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, cache)], contents).into_response()
}

/// Swagger UI over the OpenAPI document, from the vendored bundle (its initializer is a file of ours,
/// since the policy forbids inline script).
async fn api_docs() -> Response {
    let page = file("api-docs.html").unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}
