//! HTML pages to article text and metadata.
//!
//! The main text comes from `dom_smoothie`, a port of Mozilla's Readability (the algorithm behind
//! Firefox's reader view), which drops navigation, scripts, comment forms and sidebars. A short list of
//! our own removes the boilerplate paragraphs that survive inside article bodies (cookie notices,
//! "leave a reply", subscription pleas). Metadata is read with `dom_query` in the order a publisher's
//! own markup is most reliable: `article:published_time`, other date metas, JSON-LD `datePublished`,
//! then the first `<time datetime>`.

use std::sync::LazyLock;

use dom_query::Document as Dom;
use dom_smoothie::{Config, Readability, TextMode};
use regex::Regex;

use crate::dateline::{Published, parse_date_field};

/// What an HTML page yields.
#[derive(Debug, Clone, Default)]
pub struct HtmlArticle {
    pub title: Option<String>,
    /// The article's main text, paragraphs separated by blank lines.
    pub text: String,
    pub published: Option<Published>,
    pub language: Option<String>,
    pub url: Option<String>,
    pub site_name: Option<String>,
}

/// Meta tags that carry a publication date, most trustworthy first.
const DATE_METAS: &[&str] = &[
    r#"meta[property="article:published_time"]"#,
    r#"meta[name="article:published_time"]"#,
    r#"meta[property="og:published_time"]"#,
    r#"meta[itemprop="datePublished"]"#,
    r#"meta[name="pubdate"]"#,
    r#"meta[name="publish-date"]"#,
    r#"meta[name="date"]"#,
    r#"meta[name="DC.date.issued"]"#,
    r#"meta[name="dcterms.date"]"#,
];

/// Paragraphs that are page furniture, not reporting.
static BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:leave a (?:reply|comment)|(?:post a |add a )?comments?\b|we use cookies|this (?:web)?site uses cookies|accept (?:all )?cookies|subscribe\b|sign up\b|join our newsletter|support (?:our|independent) journalism|share (?:this|on)\b|follow us\b|read more\b|related (?:articles|stories|news)|advertisement$|all rights reserved|©|copyright\b|you must be logged in|your email address will not be published|click here)",
    )
    .unwrap()
});

/// Words in an element's `id` or `class` that mark page furniture standing over or beside the article:
/// consent banners, sign-in and newsletter boxes, paywall and pop-up layers. Matched as whole tokens
/// of the attribute (split at `-`, `_`, spaces and case changes), so `bloginfo` is not `login`.
const FURNITURE_TOKENS: &[&str] = &[
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "cmp",
    "newsletter",
    "subscribe",
    "subscription",
    "paywall",
    "login",
    "signin",
    "signup",
    "register",
    "registration",
    "modal",
    "popup",
    "overlay",
    "onetrust",
];

/// Furniture is small: an element with more text than this is not removed for its name alone (a
/// `<body class="cookie-consent-shown">` holds the whole page).
const MAX_FURNITURE_CHARS: usize = 1500;

/// When Readability's choice has almost no prose (fewer characters of it than this) while the page has
/// several times more, it picked a block of furniture (a banner, a form, a list of addresses) and the
/// page's prose paragraphs are the article. A choice with real prose is kept: a page's prose also holds
/// sidebars and teasers, and Readability tells those from the article better than a count does.
const MIN_CHOSEN_PROSE_CHARS: usize = 400;
const MIN_CHOSEN_PROSE_SHARE: f64 = 0.3;

/// Elements removed as furniture by their names: blocks, never inline words (a glossary link with
/// class `popup` is part of its sentence).
const FURNITURE_BLOCKS: &[&str] =
    &["div", "section", "aside", "dialog", "form", "ul", "ol", "table", "iframe", "footer", "header", "nav", "p"];

/// A paragraph is prose when it has at least this many words and ends a sentence.
const PROSE_MIN_WORDS: usize = 12;

/// Extracts the article from an HTML page.
pub fn extract(html: &str) -> Result<HtmlArticle, String> {
    let dom = Dom::from(html);
    let mut article = HtmlArticle {
        published: published_from_markup(&dom),
        language: dom.select("html").attr("lang").map(|l| l.to_string()).filter(|l| !l.is_empty()),
        ..HtmlArticle::default()
    };
    let meta_title = meta_content(&dom, r#"meta[property="og:title"]"#);

    let config = Config { text_mode: TextMode::Formatted, ..Config::default() };
    let readable_dom = Dom::from(html);
    remove_furniture(&readable_dom);
    let parsed = Readability::with_document(readable_dom, None, Some(config)).and_then(|mut r| r.parse());
    let raw_text = match parsed {
        Ok(readable) => {
            if article.published.is_none() {
                article.published =
                    readable.published_time.as_deref().and_then(|t| parse_date_field(t, "json-ld: datePublished"));
            }
            article.url = readable.url.clone();
            article.site_name = readable.site_name.clone();
            if !readable.title.trim().is_empty() {
                article.title = Some(readable.title.trim().to_owned());
            }
            readable.text_content.to_string()
        }
        // Readability gives up on pages with little text; fall back to the body without furniture.
        Err(_) => body_text_without_furniture(&dom),
    };
    if article.title.is_none() {
        article.title = meta_title.or_else(|| non_empty(dom.select("title").text().to_string()));
    }
    article.text = clean_paragraphs(&raw_text);
    // Readability scores blocks by their text and links; a consent wall or an address list can outscore
    // a short article. The page's own prose paragraphs then are the better reading.
    remove_furniture(&dom);
    let page_prose: String = clean_paragraphs(&body_text_without_furniture(&dom))
        .split("\n\n")
        .filter(|p| is_prose(p))
        .collect::<Vec<_>>()
        .join("\n\n");
    let chosen = prose_chars(&article.text);
    if chosen < MIN_CHOSEN_PROSE_CHARS && (chosen as f64) < MIN_CHOSEN_PROSE_SHARE * page_prose.len() as f64 {
        article.text = page_prose;
    }
    if article.text.is_empty() {
        return Err("no article text found in the HTML".into());
    }
    Ok(article)
}

fn published_from_markup(dom: &Dom) -> Option<Published> {
    for selector in DATE_METAS {
        if let Some(value) = meta_content(dom, selector)
            && let Some(p) = parse_date_field(&value, &format!("meta: {}", selector_name(selector)))
        {
            return Some(p);
        }
    }
    for script in dom.select(r#"script[type="application/ld+json"]"#).iter() {
        if let Ok(json) = serde_json::from_str::<serde_json::Value>(&script.text())
            && let Some(value) = find_json_key(&json, "datePublished")
            && let Some(p) = parse_date_field(value, "json-ld: datePublished")
        {
            return Some(p);
        }
    }
    let time = dom.select("time[datetime]");
    time.iter().find_map(|t| parse_date_field(&t.attr("datetime")?, "time[datetime]"))
}

fn find_json_key<'a>(json: &'a serde_json::Value, key: &str) -> Option<&'a str> {
    match json {
        serde_json::Value::Object(map) => {
            map.get(key).and_then(|v| v.as_str()).or_else(|| map.values().find_map(|v| find_json_key(v, key)))
        }
        serde_json::Value::Array(items) => items.iter().find_map(|v| find_json_key(v, key)),
        _ => None,
    }
}

fn selector_name(selector: &str) -> &str {
    selector.split('"').nth(1).unwrap_or(selector)
}

fn meta_content(dom: &Dom, selector: &str) -> Option<String> {
    dom.select(selector).attr("content").and_then(|c| non_empty(c.to_string()))
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// Removes consent banners, dialogs and sign-in boxes (by the tokens of their `id` and `class`, and
/// any form with a password field) before the main text is chosen.
fn remove_furniture(dom: &Dom) {
    dom.select("form:has(input[type=password])").remove();
    dom.select("[role=dialog], [aria-modal=true]").remove();
    for node in dom.select("[id], [class]").nodes() {
        if !FURNITURE_BLOCKS.iter().any(|name| node.has_name(name)) {
            continue;
        }
        let names = [node.attr("id"), node.attr("class")];
        let furniture =
            names.iter().flatten().any(|v| attribute_tokens(v).any(|t| FURNITURE_TOKENS.contains(&t.as_str())));
        if furniture && node.text().chars().count() <= MAX_FURNITURE_CHARS {
            node.remove_from_parent();
        }
    }
}

/// `cookie-banner`, `CookieBanner`, `js_cookie notice` → cookie, banner, ...: lower-case tokens.
fn attribute_tokens(value: &str) -> impl Iterator<Item = String> + '_ {
    value.split(|c: char| !c.is_alphanumeric()).flat_map(|word| {
        let mut tokens = Vec::new();
        let mut current = String::new();
        let mut prev_lower = false;
        for c in word.chars() {
            if c.is_uppercase() && prev_lower && !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            current.extend(c.to_lowercase());
        }
        if !current.is_empty() {
            tokens.push(current);
        }
        tokens
    })
}

fn is_prose(paragraph: &str) -> bool {
    paragraph.split_whitespace().count() >= PROSE_MIN_WORDS
        && paragraph.trim_end_matches(['"', '\'', '”', '’', ')']).ends_with(['.', '!', '?', '。', '؟'])
}

/// Characters in the prose paragraphs of a text.
fn prose_chars(text: &str) -> usize {
    text.split("\n\n").filter(|p| is_prose(p)).map(str::len).sum()
}

fn body_text_without_furniture(dom: &Dom) -> String {
    dom.select("script, style, noscript, nav, header, footer, aside, form, iframe, template, svg").remove();
    let mut out = String::new();
    // Blocks that hold no other block, so that a paragraph inside a list item is read once.
    let blocks = dom.select(
        "body p, body h1, body h2, body h3, body li:not(:has(p, li, blockquote)), body blockquote:not(:has(p))",
    );
    if blocks.length() > 0 {
        for block in blocks.iter() {
            out.push_str(block.text().trim());
            out.push_str("\n\n");
        }
    } else {
        out = dom.select("body").text().to_string();
    }
    out
}

/// Collapses white space inside paragraphs, keeps paragraph breaks, drops boilerplate paragraphs.
fn clean_paragraphs(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for paragraph in raw.split('\n') {
        let words: Vec<&str> = paragraph.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        let line = words.join(" ");
        if BOILERPLATE.is_match(&line) {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en"><head>
<title>Truce holds | Example News</title>
<meta property="og:title" content="Truce holds in the north-west">
<meta property="article:published_time" content="2019-08-02T09:30:00+03:00">
<script>window.tracker = function() { document.write("tracking"); };</script>
<style>.x { color: red }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner"><p>We use cookies to improve your experience.</p></div>
<article>
<h1>Truce holds in the north-west</h1>
<p>Air strikes on the province stopped on Friday morning, according to a monitoring group that counts
the raids from its network of observers on the ground, and residents said the sky had been quiet.</p>
<p>Shelling continued on the southern edge of the area, where ground fire killed one man in a village,
the group said, adding that it could not say which side had fired the shells that hit the houses.</p>
<p>Negotiators meeting in the Kazakh capital had agreed on Thursday to a conditional ceasefire, which
requires fighters to pull back from a buffer zone agreed between Turkey and Russia last year.</p>
<p>Subscribe to our newsletter for daily updates.</p>
</article>
<section id="comments"><h3>Leave a Reply</h3><form><textarea></textarea></form></section>
<footer>All rights reserved. Example News.</footer>
<script>alert("injected")</script>
</body></html>"#;

    #[test]
    fn keeps_the_article_and_drops_the_furniture() {
        let a = extract(PAGE).unwrap();
        assert!(a.text.contains("Air strikes on the province stopped on Friday morning"));
        assert!(a.text.contains("buffer zone agreed between Turkey and Russia"));
        for furniture in
            ["Home", "cookies", "Subscribe", "Leave a Reply", "All rights reserved", "tracker", "alert", "color"]
        {
            assert!(!a.text.contains(furniture), "{furniture} leaked into {:?}", a.text);
        }
        assert_eq!(a.title.as_deref(), Some("Truce holds in the north-west"));
        assert_eq!(a.published.unwrap().to_string(), "2019-08-02T09:30+03:00");
        assert_eq!(a.language.as_deref(), Some("en"));
    }

    #[test]
    fn dates_from_json_ld_and_time_elements() {
        let ld = r#"<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2018-09-17T20:00:00Z"}</script></head>
<body><p>Short text about the memorandum signed in Sochi.</p></body></html>"#;
        let a = extract(ld).unwrap();
        assert_eq!(a.published.as_ref().unwrap().date_string(), "2018-09-17");
        assert_eq!(a.published.unwrap().basis, "json-ld: datePublished");
        let time =
            r#"<html><body><time datetime="2020-03-05">5 March</time><p>Leaders met in Moscow.</p></body></html>"#;
        let a = extract(time).unwrap();
        assert_eq!(a.published.unwrap().basis, "time[datetime]");
    }

    #[test]
    fn a_page_with_no_text_is_an_error() {
        assert!(extract("<html><body><script>var a = 1;</script></body></html>").is_err());
    }

    const STORY: &str = "<p>Air strikes on the province stopped on Friday morning, according to a monitoring group that \
        counts the raids from its network of observers, and residents said the sky had been quiet all day.</p>\
        <p>Shelling continued on the southern edge of the area, where ground fire killed one man in a village, the \
        group said, adding that it could not say which side had fired the shells that hit the houses.</p>";

    /// Furniture that outweighs a short article: a consent wall, a sign-in box, a list of offices.
    const FURNITURE_PAGES: &[(&str, &str)] = &[
        (
            "consent wall",
            r#"<div id="CookieConsentDialog"><h2>Your privacy choices</h2><p>We and our 842 partners store and access information on your device, such as cookies, to measure audiences, personalise advertising and content, and develop and improve products. You may accept, reject or set your preferences for each purpose at any time, and withdraw consent from the privacy centre linked at the bottom of every page.</p><p>Some partners process data on the basis of legitimate interest, which you may object to. Precise geolocation data and identification through device scanning may be used. Your choices apply to this site only and are stored for thirteen months, after which we will ask again.</p><button>Accept all</button><button>Reject all</button></div>"#,
        ),
        (
            "sign-in box",
            r#"<div class="account-box"><form action="/login"><h2>Sign in to keep reading</h2><p>Members get unlimited access to every story, the morning briefing and the archive going back to 1990, on every device you own, for one low price with no commitment.</p><label>Email</label><input type="email"><label>Password</label><input type="password"><a href="/forgot">Forgot your password?</a><button>Sign in</button></form></div>"#,
        ),
        (
            "list of offices",
            r#"<div class="article-content entry"><ul><li>12 Harbour Road, Suite 4, Port Town 10001, tel. +1 555 0100</li><li>8 Market Square, 3rd floor, Old Town 20002, tel. +1 555 0101</li><li>145 River Street, Unit 9, New Town 30003, tel. +1 555 0102</li><li>77 Station Lane, Hill Town 40004, tel. +1 555 0103</li><li>3 Bridge Row, Lake Town 50005, tel. +1 555 0104</li><li>19 Mill Walk, Vale Town 60006, tel. +1 555 0105</li><li>2 Castle Hill, Fort Town 70007, tel. +1 555 0106</li><li>61 Orchard Way, Glen Town 80008, tel. +1 555 0107</li></ul></div>"#,
        ),
    ];

    #[test]
    fn furniture_that_outweighs_the_article_is_not_the_article() {
        for (name, furniture) in FURNITURE_PAGES {
            let page = format!(
                "<html><head><title>Calm in the north</title></head><body>{furniture}<div class=\"extra\">{STORY}</div></body></html>"
            );
            let a = extract(&page).unwrap();
            assert!(
                a.text.contains("Air strikes on the province stopped") && a.text.contains("ground fire killed one man"),
                "{name}: {:?}",
                a.text
            );
            for word in ["partners", "Password", "Members", "Harbour Road", "Castle Hill"] {
                assert!(!a.text.contains(word), "{name}: {word:?} in {:?}", a.text);
            }
        }
    }

    #[test]
    fn inline_elements_named_like_furniture_stay_in_their_sentence() {
        let page = format!(
            "<html><body><article>{STORY}<p>The group's <a class=\"glossary-popup\" href=\"#\">observers</a> counted \
             no raids at all on Saturday, the first such day since the spring, and said so in a statement.</p></article></body></html>"
        );
        let a = extract(&page).unwrap();
        assert!(a.text.contains("The group's observers counted no raids"), "{:?}", a.text);
    }

    #[test]
    fn class_names_are_read_as_words() {
        let tokens = |v: &str| attribute_tokens(v).collect::<Vec<_>>();
        assert_eq!(tokens("CookieBanner js_modal-open"), ["cookie", "banner", "js", "modal", "open"]);
        assert_eq!(tokens("bloginfo"), ["bloginfo"]);
    }
}
