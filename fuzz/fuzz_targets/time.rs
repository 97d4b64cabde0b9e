//! Bytes as a sentence (lossy UTF-8) through the time resolver, against a publication date the first
//! two bytes choose (none, or a day between 2011 and 2025), in the Syria pack's zone. Every mention's
//! span must be a slice of the sentence holding exactly its text.
#![no_main]

use std::sync::OnceLock;

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use libfuzzer_sys::fuzz_target;
use truce_extract::time::{Clock, find_times};

/// The Syria pack's clock: its zone, and Damascus for the sun.
fn clock() -> &'static Clock {
    static CLOCK: OnceLock<Clock> = OnceLock::new();
    CLOCK.get_or_init(|| Clock {
        tz: TimeZone::get("Asia/Damascus").expect("the bundled tz database"),
        point: [36.29, 33.51],
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let (head, bytes) = data.split_at(2);
    let days = u16::from_le_bytes([head[0], head[1]]);
    // 0 is "no publication date"; otherwise a day up to about 15 years after 1 January 2011.
    let reference = match days {
        0 => None,
        d => Date::constant(2011, 1, 1).checked_add(i64::from(d % 5500).days()).ok(),
    };
    let text = String::from_utf8_lossy(bytes);
    for m in find_times(&text, reference, clock()) {
        assert!(m.start <= m.end && m.end <= text.len(), "span {}..{} outside the text", m.start, m.end);
        assert_eq!(
            text.get(m.start..m.end),
            Some(m.text.as_str()),
            "span {}..{} is not the mention's text",
            m.start,
            m.end
        );
        let _ = m.resolved();
    }
});
