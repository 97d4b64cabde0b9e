//! `truce serve`: starts the HTTP server of `truce-serve` and hands it the ingest of posted documents,
//! which needs the ingest, extract and assess stages the server crate does not depend on.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use truce_ingest::{ReadOptions, read_jsonl_bytes};
use truce_serve::{IngestAnswer, ServeConfig, Submission};
use truce_store::{AddOutcome, SqliteStore};

use crate::ingest::{Collected, Reporting, ingest_inputs};

/// The largest document a post may hold once read, as `truce ingest` allows by default.
const MAX_POSTED_BYTES: usize = truce_serve::MAX_BODY_BYTES;

pub fn serve(db: PathBuf, pack_spec: &str, addr: SocketAddr, token_file: Option<&Path>) -> anyhow::Result<()> {
    let packs = crate::kb::load_packs(pack_spec)?;
    let token = token_file.map(read_token).transpose()?;
    let ingest: Option<Arc<truce_serve::IngestFn>> = match &token {
        Some(_) => {
            // The extractor owns a pack of its own: the server's is shared by its reading threads.
            let extractor = truce_extract::Extractor::with_packs(crate::kb::load_packs(pack_spec)?);
            let pool = crate::parallel::Pool::new(Some(1))?;
            Some(Arc::new(move |store: &mut SqliteStore, submission: Submission| {
                ingest_posted(store, &extractor, &pool, submission)
            }))
        }
        None => None,
    };
    let running = truce_serve::start(ServeConfig { db, packs, addr, token, ingest })?;
    eprintln!(
        "serving on http://{} (the API under /api/v1, its documentation at /api/docs); Ctrl-C stops",
        running.addr
    );
    running.wait_for_signal()?;
    Ok(())
}

/// The token in `path`, which must not be empty and must not be readable by others.
fn read_token(path: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read the token file {}: {e}", path.display()))?;
    let token = text.trim().to_owned();
    if token.len() < 16 {
        return Err(crate::usage(format!("the token in {} is shorter than 16 characters", path.display())));
    }
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            eprintln!("warning: the token file {} is readable by other users (chmod 600 it)", path.display());
        }
    }
    Ok(token)
}

/// Ingests, extracts and assesses one posted document as `truce ingest` does a JSON line.
fn ingest_posted(
    store: &mut SqliteStore,
    extractor: &truce_extract::Extractor,
    pool: &crate::parallel::Pool,
    submission: Submission,
) -> anyhow::Result<IngestAnswer> {
    // A posted document without an id is named for its bytes: posting it again is "unchanged".
    let stem = format!("posted-{:016x}", xxhash_rust::xxh3::xxh3_64(&submission.jsonl));
    let options = ReadOptions { max_bytes: MAX_POSTED_BYTES, extensions: Vec::new(), skip: Vec::new() };
    let inputs = read_jsonl_bytes(&submission.name, &stem, submission.jsonl, options);
    let mut collected = Collected::default();
    let reporting = Reporting { progress: false, notes: false };
    ingest_inputs(store, &[submission.name], inputs, reporting, Some(extractor), pool, None, Some(&mut collected))?;
    crate::assess::update(store, extractor.packs(), false)?;
    let mut answer = IngestAnswer { errors: collected.errors, notes: collected.notes, ..Default::default() };
    for outcome in collected.outcomes {
        match outcome {
            AddOutcome::Stored { id } | AddOutcome::NearDuplicate { id, .. } => answer.stored.push(id),
            AddOutcome::ExactDuplicate { of } => answer.duplicates.push(of),
            AddOutcome::Unchanged => answer.notes.push("this document is already stored as it is".into()),
        }
    }
    Ok(answer)
}
