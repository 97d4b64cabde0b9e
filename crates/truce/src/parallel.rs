//! Extraction on every core. One thread reads the inputs in order (reading, decoding and copy detection
//! depend on what came before); documents are extracted a chunk at a time by a pool of threads and handed
//! on in their input order, so that the store and the printed records are the same for any `--jobs`.

use rayon::prelude::*;

/// At most this many documents are extracted together: enough to keep a few cores busy between two
/// hand-overs, and a bound on what waits in memory.
pub const CHUNK_DOCS: usize = 64;

/// Nor more text than this (a chunk of files near `--max-bytes` each would otherwise hold gigabytes).
pub const CHUNK_BYTES: usize = 32 << 20;

/// Nor does a document wait longer than this for others (a feed on standard input trickles).
pub const CHUNK_AGE: std::time::Duration = std::time::Duration::from_millis(100);

/// Documents waiting to be extracted together.
pub struct Chunk<T> {
    pub items: Vec<T>,
    bytes: usize,
    started: std::time::Instant,
}

impl<T> Default for Chunk<T> {
    fn default() -> Self {
        Chunk { items: Vec::new(), bytes: 0, started: std::time::Instant::now() }
    }
}

impl<T> Chunk<T> {
    /// Adds an item of `bytes` bytes of text; whether the chunk is now full (or its first item old).
    pub fn push(&mut self, item: T, bytes: usize) -> bool {
        if self.items.is_empty() {
            self.started = std::time::Instant::now();
        }
        self.items.push(item);
        self.bytes += bytes;
        self.items.len() >= CHUNK_DOCS || self.bytes >= CHUNK_BYTES || self.started.elapsed() >= CHUNK_AGE
    }

    pub fn take(&mut self) -> Vec<T> {
        self.bytes = 0;
        std::mem::take(&mut self.items)
    }
}

/// A pool of `jobs` threads; one job runs on the calling thread.
pub struct Pool {
    pool: Option<rayon::ThreadPool>,
}

impl Pool {
    /// `jobs` threads, or one per core when `None`.
    pub fn new(jobs: Option<usize>) -> anyhow::Result<Pool> {
        let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
        anyhow::ensure!(jobs >= 1, "--jobs must be at least 1");
        let pool = if jobs == 1 {
            None
        } else {
            Some(rayon::ThreadPoolBuilder::new().num_threads(jobs).thread_name(|k| format!("extract-{k}")).build()?)
        };
        Ok(Pool { pool })
    }

    /// `f` of every item, in the items' order.
    pub fn map<T: Send, R: Send>(&self, items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
        match &self.pool {
            None => items.into_iter().map(f).collect(),
            Some(pool) => pool.install(|| items.into_par_iter().map(f).collect()),
        }
    }
}
