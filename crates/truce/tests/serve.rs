//! `truce serve` as a user runs it: the real binary on a loopback port, over the demo store, asked
//! over HTTP. The browser's view of the same server is tests/browser (run by .ci/run).

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};

use common::*;
use serde_json::Value;

/// A running `truce serve`, stopped (SIGTERM, as a user's Ctrl-C) when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(db: &Path, extra: &[&str]) -> Server {
        let mut child = truce(db)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("truce serve starts");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let base = loop {
            let line = lines.next().expect("truce serve says where it listens").unwrap();
            if let Some(rest) = line.strip_prefix("serving on ") {
                break rest.split_whitespace().next().unwrap().to_owned();
            }
        };
        // Keep reading its messages so that it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn get(&self, path: &str) -> Answer {
        let response = agent().get(&self.url(path)).call().expect("the server answers");
        Answer::of(response)
    }

    fn post(&self, path: &str, content_type: &str, token: Option<&str>, body: &[u8]) -> Answer {
        let mut request = agent().post(&self.url(path)).header("Content-Type", content_type);
        if let Some(t) = token {
            request = request.header("Authorization", &format!("Bearer {t}"));
        }
        Answer::of(request.send(body).expect("the server answers"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let status = self.child.wait().unwrap();
        assert!(status.success(), "truce serve stops cleanly on SIGTERM: {status}");
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

struct Answer {
    status: u16,
    content_type: String,
    csp: String,
    body: String,
}

impl Answer {
    fn of(mut response: ureq::http::Response<ureq::Body>) -> Answer {
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let (content_type, csp) = (header("content-type"), header("content-security-policy"));
        let body = response.body_mut().with_config().limit(64 << 20).read_to_string().unwrap();
        Answer { status: response.status().as_u16(), content_type, csp, body }
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// An error answer is the one documented body: `{"error": words, "status": code}`.
    fn assert_error(&self, status: u16) {
        assert_eq!(self.status, status, "{}", self.body);
        let body = self.json();
        assert_eq!(body["status"], status);
        assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()), "{body}");
    }
}

fn demo_store(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.db");
    let out = run(&db, &["--quiet", "demo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

#[test]
fn the_api_shows_what_the_command_line_shows() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let server = Server::start(&db, &[]);

    // Agreements: the same rows `truce status --json` prints.
    let list = server.get("/api/v1/agreements");
    assert_eq!(list.status, 200);
    let cli = json(&run(&db, &["--json", "status"]));
    assert_eq!(list.json(), cli, "the server and the command line give the same status rows");
    let idlib = server.get("/api/v1/agreements/idlib-2019-08").json();
    assert_eq!(idlib["agreement"], "idlib-2019-08");
    assert!(idlib["timeline"].as_array().is_some_and(|t| !t.is_empty()), "{idlib}");
    assert!(
        idlib["verdicts"].as_array().unwrap().iter().all(|v| v["evidence"].as_array().is_some_and(|e| !e.is_empty()))
    );
    server.get("/api/v1/agreements/no-such-truce").assert_error(404);

    // A timeline as of a day before the strikes resumed shows no collapse yet.
    let early = server.get("/api/v1/agreements/idlib-2019-08/timeline?on=2019-08-02").json();
    let late = server.get("/api/v1/agreements/idlib-2019-08/timeline").json();
    assert_eq!(early["on"], "2019-08-02");
    assert!(
        early["timeline"].as_array().unwrap().len() < late["timeline"].as_array().unwrap().len(),
        "{early}\n{late}"
    );
    server.get("/api/v1/agreements/idlib-2019-08/timeline?on=August").assert_error(400);
    let violations = server.get("/api/v1/agreements/idlib-2019-08/violations").json();
    assert!(violations.as_array().is_some_and(|v| !v.is_empty()), "{violations}");

    // Events: pages, filters and their bounds.
    let all = server.get("/api/v1/events").json();
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 5, "{all}");
    assert_eq!(all["events"].as_array().unwrap().len() as u64, total);
    let page = server.get("/api/v1/events?limit=2&offset=1").json();
    assert_eq!(page["total"], total);
    assert_eq!(page["events"].as_array().unwrap().len(), 2);
    assert_eq!(page["events"][0]["id"], all["events"][1]["id"], "a page starts at its offset");
    let august = server.get("/api/v1/events?since=2019-08-01&until=2019-08-31").json();
    let in_august = all["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event_date"].as_str().is_some_and(|d| ("2019-08-01"..="2019-08-31").contains(&d)))
        .count();
    assert_eq!(august["total"].as_u64().unwrap() as usize, in_august);
    assert!(in_august > 0 && (in_august as u64) < total);
    let idlib_events = server.get("/api/v1/events?agreement=idlib-2019-08").json();
    assert!(idlib_events["total"].as_u64().unwrap() >= violations.as_array().unwrap().len() as u64 / 2);
    let nowhere = server.get("/api/v1/events?bbox=-10,-10,-5,-5").json();
    assert_eq!(nowhere["total"], 0, "no demo event is in the Gulf of Guinea");
    let syria = server.get("/api/v1/events?bbox=35,32,42.5,37.5&country=SY").json();
    assert!(syria["total"].as_u64().unwrap() > 0);
    // A box across the antimeridian: from 30°E eastwards to 170°W holds what 30°E to 180° holds here,
    // and one from 42.5°E round to 35°E misses Syria.
    let across = server.get("/api/v1/events?bbox=30,-90,-170,90").json();
    let east = server.get("/api/v1/events?bbox=30,-90,180,90").json();
    assert!(east["total"].as_u64().unwrap() > 0);
    assert_eq!(across["total"], east["total"]);
    assert_eq!(server.get("/api/v1/events?bbox=42.5,-90,35,90").json()["total"], 0);
    for bad in [
        "limit=0",
        "limit=10001",
        "offset=-1",
        "since=2019-13-01",
        "bbox=1,2,3",
        "bbox=0,10,1,5",
        "bbox=1e1,0,20,1",
        "country=syria",
        "format=xml",
    ] {
        server.get(&format!("/api/v1/events?{bad}")).assert_error(400);
    }
    let geo = server.get("/api/v1/events?format=geojson");
    assert!(geo.content_type.starts_with("application/geo+json"), "{}", geo.content_type);
    assert_eq!(geo.json()["type"], "FeatureCollection");
    let first = all["events"][0]["id"].as_i64().unwrap();
    assert_eq!(server.get(&format!("/api/v1/events/{first}")).json()["id"], first);
    server.get("/api/v1/events/999999").assert_error(404);
    server.get("/api/v1/events/seven").assert_error(400);

    // Exports of exactly the filtered set.
    let csv = server.get("/api/v1/export/acled.csv?since=2019-08-01&until=2019-08-31");
    assert!(csv.content_type.starts_with("text/csv"));
    let cli_csv = stdout(&run(&db, &["export", "--format", "acled-csv"]));
    assert_eq!(csv.body.lines().next(), cli_csv.lines().next(), "the same ACLED header");
    let august_occurred = august["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] == "occurred" && !e["event_date"].is_null())
        .count();
    assert_eq!(csv.body.lines().count() - 1, august_occurred);
    let geojson = server.get("/api/v1/export/events.geojson?agreement=idlib-2019-08").json();
    assert!(geojson["features"].as_array().unwrap().iter().any(|f| f["properties"]["layer"] == "event"));

    // Documents: the text and every record's span, which slices the text.
    let doc = server.get("/api/v1/documents/07-strikes-resume-rescuers").json();
    let text = doc["document"]["text"].as_str().unwrap();
    let records = doc["records"].as_array().unwrap();
    assert!(records.iter().any(|r| r["kind"] == "event"), "{doc}");
    for r in records {
        if let (Some(s), Some(e)) = (r["start"].as_u64(), r["end"].as_u64()) {
            assert!(text.get(s as usize..e as usize).is_some(), "a span within the text: {r}");
        }
    }
    server.get("/api/v1/documents/not-stored").assert_error(404);
    assert!(!server.get("/api/v1/documents?limit=3").json().as_array().unwrap().is_empty());
    let hits = server.get("/api/v1/search?q=ceasefire").json();
    assert!(hits.as_array().is_some_and(|h| !h.is_empty()));
    server.get("/api/v1/search?q=%20").assert_error(400);
    let quotes = server.get("/api/v1/quotes").json();
    assert!(quotes.as_array().unwrap().iter().any(|q| q["text"].as_str().is_some_and(|t| t.contains("commit"))));
    let speaker = quotes.as_array().unwrap().iter().find_map(|q| q["speaker"].as_str()).expect("a named speaker");
    let upper = speaker.to_uppercase().replace(' ', "%20");
    let theirs = server.get(&format!("/api/v1/quotes?speaker={upper}&limit=2")).json();
    let theirs = theirs.as_array().unwrap();
    assert!(!theirs.is_empty() && theirs.len() <= 2, "{theirs:?}");
    assert!(theirs.iter().all(|q| q["speaker"] == speaker), "{theirs:?}");
    assert!(server.get("/api/v1/quotes?speaker=nobody-quoted-here").json().as_array().unwrap().is_empty());
    assert_eq!(server.get("/api/v1/figures").status, 200);

    // The schema lists every route, as OpenAPI 3.1.
    let schema = server.get("/api/v1/openapi.json").json();
    assert!(schema["openapi"].as_str().unwrap().starts_with("3.1"), "{}", schema["openapi"]);
    for path in ["/api/v1/agreements", "/api/v1/events", "/api/v1/documents/{id}", "/api/v1/export/acled.csv"] {
        assert!(schema["paths"].get(path).is_some(), "{path} is in the schema");
    }
    assert_eq!(
        schema["paths"]["/api/v1/events"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "limit")
            .unwrap()["schema"]["maximum"],
        10000
    );

    // Every answer, page, asset or error, carries the policy that forbids inline script.
    for path in ["/", "/api/v1/agreements", "/assets/app.css", "/no/such/page", "/api/docs"] {
        let a = server.get(path);
        assert!(a.csp.contains("default-src 'self'"), "{path}: {:?}", a.csp);
    }
    server.get("/no/such/page").assert_error(404);
    server.get("/assets/../Cargo.toml").assert_error(404);
}

#[test]
fn the_pages_show_the_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let server = Server::start(&db, &[]);
    let overview = server.get("/");
    assert_eq!(overview.status, 200);
    assert!(overview.content_type.starts_with("text/html"));
    assert!(overview.body.contains(r#"href="/agreements/idlib-2019-08""#), "the overview links each agreement");
    assert!(overview.body.contains("<svg class=\"band\""), "with its status band");
    let page = server.get("/agreements/idlib-2019-08").body;
    assert!(page.contains("class=\"transition\""), "the timeline is on the agreement's page");
    assert!(page.contains("?mark="), "each statement links to its sentence");
    assert!(!page.contains("<script>"), "no inline script: the policy would refuse it");
    // The evidence link lands on the sentence, highlighted.
    let doc = server.get("/documents/07-strikes-resume-rescuers?mark=49-234").body;
    assert!(doc.contains(r#"id="mark""#), "{doc}");
    assert!(doc.contains("class=\"s-event"), "the event's sentence is highlighted");
    assert!(doc.contains("w-actor") && doc.contains("w-place"), "so are actors and places");
    let events = server.get("/events?since=2019-08-01&until=2019-08-31&country=&event_type=").body;
    assert!(events.contains(r#"data-events="/api/v1/events?format=geojson"#), "{events}");
    server.get("/events?since=soon").assert_error(400);
    server.get("/agreements/none-such").assert_error(404);
}

/// The hostile article of the browser test too: markup in its title, text and quotes.
pub const HOSTILE: &str = r#"{"id": "hostile", "title": "<script>document.title='pwned'</script> Truce <img src=x onerror=\"document.title='pwned'\">", "url": "javascript:document.title='pwned'", "published": "2019-08-03", "source": "<b>Wire</b>", "text": "DAMASCUS, Aug. 3 — Air strikes killed four people in Idlib on Saturday, the Syrian Observatory said. \"<script>document.title='pwned'</script> we will not stop,\" a commander said. <img src=x onerror=\"document.title='pwned'\"> <a href=\"javascript:document.title='pwned'\">more</a>"}"#;

#[test]
fn posting_a_document_needs_the_token_and_ingests_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    // Without a token there is no write endpoint at all.
    {
        let server = Server::start(&db, &[]);
        let answer = server.post("/api/v1/documents", "application/json", Some("x"), HOSTILE.as_bytes());
        assert_eq!(answer.status, 405, "{}", answer.body);
    }
    let token_file = dir.path().join("token");
    let token = "correct-horse-battery-staple";
    std::fs::write(&token_file, format!("{token}\n")).unwrap();
    let server = Server::start(&db, &["--token-file", token_file.to_str().unwrap()]);
    server.post("/api/v1/documents", "application/json", None, HOSTILE.as_bytes()).assert_error(401);
    server.post("/api/v1/documents", "application/json", Some("wrong-token"), HOSTILE.as_bytes()).assert_error(401);
    server.post("/api/v1/documents", "application/json", Some(token), b"{\"text\": ").assert_error(400);
    server.post("/api/v1/documents", "application/json", Some(token), b"{\"title\": \"no text\"}").assert_error(400);
    server.post("/api/v1/documents", "text/plain", Some(token), b"words").assert_error(415);
    let huge = vec![b' '; truce_serve::MAX_BODY_BYTES + 1];
    assert_eq!(server.post("/api/v1/documents", "application/json", Some(token), &huge).status, 413);

    let answer = server.post("/api/v1/documents", "application/json", Some(token), HOSTILE.as_bytes());
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.json()["stored"], serde_json::json!(["hostile"]));
    let again = server.post("/api/v1/documents", "application/json", Some(token), HOSTILE.as_bytes()).json();
    assert_eq!(again["stored"], serde_json::json!([]), "the same document again is not stored twice: {again}");
    // Extracted and assessed like `truce ingest`: its event is merged into the store's.
    let doc = server.get("/api/v1/documents/hostile").json();
    assert!(doc["records"].as_array().unwrap().iter().any(|r| r["kind"] == "event"), "{doc}");
    let page = server.get("/documents/hostile").body;
    assert!(!page.contains("<script>document") && !page.contains("<img src=x"), "markup is shown, never run");
    assert!(page.contains("&lt;script&gt;") || page.contains("&#60;script&#62;"), "{page}");
    assert!(!page.contains(r#"href="javascript:"#), "a javascript: address is never a link");
    // An HTML page with its address.
    let html = b"<html><head><title>Shelling in Daraa</title></head><body><article><p>DARAA, Aug. 4 - Shelling hit Daraa on Sunday, killing two, activists said.</p></article></body></html>";
    let answer =
        server.post("/api/v1/documents?url=https://example.org/daraa", "text/html; charset=utf-8", Some(token), html);
    assert_eq!(answer.status, 200, "{}", answer.body);
    let stored = answer.json()["stored"][0].as_str().unwrap().to_owned();
    assert_eq!(
        server.get(&format!("/api/v1/documents/{stored}")).json()["document"]["url"],
        "https://example.org/daraa"
    );
}

#[test]
fn the_server_shows_what_another_process_ingests() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let server = Server::start(&db, &[]);
    let before = server.get("/api/v1/documents?limit=1000").json().as_array().unwrap().len();
    let input = dir.path().join("more.jsonl");
    std::fs::write(&input, HOSTILE).unwrap();
    let out = run(&db, &["--quiet", "ingest", input.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = server.get("/api/v1/documents?limit=1000").json().as_array().unwrap().len();
    assert_eq!(after, before + 1, "a commit of another process shows without a restart");
}
