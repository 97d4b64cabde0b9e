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
    let parsed = Readability::new(html, None, Some(config)).and_then(|mut r| r.parse());
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

fn body_text_without_furniture(dom: &Dom) -> String {
    dom.select("script, style, noscript, nav, header, footer, aside, form, iframe, template, svg").remove();
    let mut out = String::new();
    let blocks = dom.select("body p, body h1, body h2, body h3, body li, body blockquote");
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
}
