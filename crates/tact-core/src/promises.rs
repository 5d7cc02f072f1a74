//! Promises in a reply and when they fall due.
//!
//! "I'll call you tomorrow", "your refund will arrive within 3-5 business days", "we'll update
//! you by Friday 5pm": a reply that gives a time makes a promise the team has to keep [001, 002].
//! [`extract`] finds them in the text of a sent reply and dates each one relative to the time the
//! reply was sent, in the team's time zone and on its business days ([`Calendar`], built from the
//! `[team]` table of `tact.toml`).
//!
//! Rules of thumb, chosen to match how a customer reads a promise:
//! - a range ("3-5 business days") is due at its upper bound;
//! - a day without a time ("tomorrow", "by Friday", "within 2 business days") is due at the end
//!   of that working day (`end_of_day`, 17:00 by default);
//! - hours and minutes ("in 24 hours") are due exactly that long after sending;
//! - "next week" is due at the end of next week's last business day, "this week" at the end of
//!   this week's;
//! - a time already past today ("by 5pm" sent at 6pm) means the same time on the next day.
//!
//! Questions, instructions to the customer ("please reply within 5 days") and conditions on the
//! customer ("if you return it within 30 days") are not our promises and are left out.
//!
//! ```
//! use tact_core::promises::{extract, Calendar};
//! let cal = Calendar::utc();
//! let sent: jiff::Timestamp = "2026-11-23T10:00:00Z".parse().unwrap(); // a Monday
//! let found = extract("Sorry! I'll call you tomorrow at 2pm.", sent, &cal);
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].when, "tomorrow at 2pm");
//! assert_eq!(found[0].due.to_string(), "2026-11-24T14:00:00Z");
//! ```

use crate::config::TeamConfig;
use crate::text::Doc;
use jiff::civil::{Date, Time, Weekday};
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp, ToSpan};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// A promise found in a reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promise {
    /// The clause that makes the promise, as written.
    pub text: String,
    /// Byte span of `text` in the reply.
    pub start: usize,
    pub end: usize,
    /// The time expression, as written ("within 3-5 business days").
    pub when: String,
    /// Byte span of `when` in the reply.
    pub when_start: usize,
    pub when_end: usize,
    /// When the promise falls due.
    pub due: Timestamp,
}

/// The team's working calendar: time zone, business days and the end of the working day.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub tz: TimeZone,
    /// Business days, Monday first.
    pub business_days: [bool; 7],
    /// When a promise "by the end of the day" falls due.
    pub end_of_day: Time,
}

/// A `[team]` setting that cannot be used for dates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("[team].timezone: unknown time zone `{0}` (use an IANA name such as `Europe/Paris` or an offset such as `+02:00`)")]
    TimeZone(String),
    #[error("[team].business_days: unknown day `{0}` (use mon, tue, wed, thu, fri, sat, sun)")]
    Day(String),
    #[error("[team].end_of_day: `{0}` is not a time of day such as `17:00`")]
    EndOfDay(String),
}

impl Calendar {
    /// UTC, Monday to Friday, the day ending at 17:00.
    pub fn utc() -> Calendar {
        Calendar {
            tz: TimeZone::UTC,
            business_days: [true, true, true, true, true, false, false],
            end_of_day: Time::constant(17, 0, 0, 0),
        }
    }

    /// The calendar described by `[team]` in `tact.toml`.
    pub fn from_team(team: &TeamConfig) -> Result<Calendar, CalendarError> {
        let tz = parse_time_zone(&team.timezone)
            .ok_or_else(|| CalendarError::TimeZone(team.timezone.clone()))?;
        let mut business_days = [false; 7];
        for d in &team.business_days {
            let i = weekday_index(&d.to_ascii_lowercase())
                .ok_or_else(|| CalendarError::Day(d.clone()))?;
            business_days[i] = true;
        }
        if !business_days.contains(&true) {
            business_days = [true; 7];
        }
        let end_of_day = parse_clock(&team.end_of_day.to_ascii_lowercase())
            .ok_or_else(|| CalendarError::EndOfDay(team.end_of_day.clone()))?;
        Ok(Calendar {
            tz,
            business_days,
            end_of_day,
        })
    }

    fn is_business_day(&self, d: Date) -> bool {
        self.business_days[d.weekday().to_monday_zero_offset() as usize]
    }

    /// `date` at `time` in the team's time zone.
    fn at(&self, date: Date, time: Time) -> Option<Timestamp> {
        date.to_datetime(time)
            .to_zoned_datetime(self.tz.clone())
            .ok()
            .map(|z| z.timestamp())
    }

    fn end_of(&self, date: Date) -> Option<Timestamp> {
        self.at(date, self.end_of_day)
    }

    /// The `n`th business day after `date`.
    fn add_business_days(&self, date: Date, n: i64) -> Option<Date> {
        let mut d = date;
        let mut left = n;
        while left > 0 {
            d = d.tomorrow().ok()?;
            if self.is_business_day(d) {
                left -= 1;
            }
        }
        Some(d)
    }

    /// The last business day of the week (Monday to Sunday) holding `date`.
    fn last_business_day_of_week(&self, date: Date) -> Date {
        let monday_offset = i64::from(date.weekday().to_monday_zero_offset());
        (0..7i64)
            .rev()
            .filter_map(|k| date.checked_add((k - monday_offset).days()).ok())
            .find(|d| self.is_business_day(*d))
            .unwrap_or(date)
    }
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar::utc()
    }
}

/// An IANA name, `UTC`, or a fixed offset such as `+02:00`, `-0530` or `UTC+2`.
pub fn parse_time_zone(name: &str) -> Option<TimeZone> {
    let n = name.trim();
    if n.eq_ignore_ascii_case("utc") || n.eq_ignore_ascii_case("z") || n.eq_ignore_ascii_case("gmt")
    {
        return Some(TimeZone::UTC);
    }
    let off = n
        .strip_prefix("UTC")
        .or_else(|| n.strip_prefix("GMT"))
        .unwrap_or(n);
    if let Some(sign) = off.chars().next().filter(|c| *c == '+' || *c == '-') {
        let digits: String = off[1..].chars().filter(|c| *c != ':').collect();
        if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (h, m) = if digits.len() <= 2 {
            (digits.parse::<i32>().ok()?, 0)
        } else {
            let split = digits.len() - 2;
            (
                digits[..split].parse::<i32>().ok()?,
                digits[split..].parse::<i32>().ok()?,
            )
        };
        if h > 18 || m > 59 {
            return None;
        }
        let secs = (h * 3600 + m * 60) * if sign == '-' { -1 } else { 1 };
        return Offset::from_seconds(secs).ok().map(TimeZone::fixed);
    }
    TimeZone::get(n).ok()
}

const DAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The day a lower-case name or its first three letters or more stand for: "tue", "thurs".
fn weekday_index(name: &str) -> Option<usize> {
    DAYS.iter()
        .position(|d| *d == name || (name.len() >= 3 && d.starts_with(name)))
}

/// The full name of the day a lower-case name stands for: "tue" is "tuesday".
pub(crate) fn weekday_name(name: &str) -> Option<&'static str> {
    weekday_index(name).map(|i| DAYS[i])
}

fn weekday_from_index(i: usize) -> Weekday {
    Weekday::from_monday_zero_offset(i as i8).unwrap_or(Weekday::Monday)
}

/// "5pm", "5:30 p.m.", "17:00", "noon", "midnight" (normalized, lower case).
pub(crate) fn parse_clock(s: &str) -> Option<Time> {
    let s = s.trim().trim_end_matches('.');
    match s {
        "noon" | "midday" => return Some(Time::constant(12, 0, 0, 0)),
        "midnight" => return Some(Time::constant(23, 59, 59, 0)),
        _ => {}
    }
    let compact: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    let (digits, meridiem) = if let Some(d) = compact.strip_suffix("am") {
        (d, Some(false))
    } else if let Some(d) = compact.strip_suffix("pm") {
        (d, Some(true))
    } else {
        (compact.as_str(), None)
    };
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<i8>().ok()?, m.parse::<i8>().ok()?),
        None if meridiem.is_some() => (digits.parse::<i8>().ok()?, 0),
        None => return None,
    };
    if !(0..60).contains(&m) {
        return None;
    }
    let h = match meridiem {
        Some(pm) => {
            if !(1..=12).contains(&h) {
                return None;
            }
            (h % 12) + if pm { 12 } else { 0 }
        }
        None => h,
    };
    Time::new(h, m, 0, 0).ok()
}

/// The largest count a promise can carry ("within 9999 days" is not a promise anyone keeps).
const MAX_COUNT: i64 = 3660;

fn parse_count(s: &str) -> Option<i64> {
    let s = s.trim();
    let n = match s {
        "a" | "an" | "one" => 1,
        "two" | "a couple of" | "a couple" | "couple of" | "a pair of" => 2,
        "three" | "a few" | "few" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fourteen" => 14,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        "forty-eight" => 48,
        "seventy-two" => 72,
        _ => s.parse::<i64>().ok()?,
    };
    (n <= MAX_COUNT).then_some(n)
}

const NUM: &str = r"(?:\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|forty-eight|seventy-two|a couple of|a couple|couple of|a pair of|a few|few|an|a)";
const CLOCK: &str = r"(?:\d{1,2}(?::[0-5]\d)?\s?(?:a\.?m\.?|p\.?m\.?)|(?:[01]?\d|2[0-3]):[0-5]\d|noon|midday|midnight)";
const WEEKDAY: &str = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
const MONTH: &str = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)";
const PART: &str = r"(?:morning|afternoon|evening|night)";

/// The time expressions, longest forms first. Named groups carry what the due date needs.
fn time_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let clock_day = format!(
            r"(?:(?:by|before|at|until|around)\s+)?(?P<tc>{CLOCK})(?:\s+(?:on\s+|this\s+)?(?:(?P<tcday>today|tomorrow|tonight)|(?P<tcwd>{WEEKDAY})))?"
        );
        let day_clock = format!(
            r"(?:(?:on|by|before|until|this|next|this coming|coming)\s+)?(?:(?P<dday>today|tomorrow|tonight)|(?P<dwd>{WEEKDAY}))(?:\s+(?P<dpart>{PART}))?(?:,?\s+(?:by|at|before|around)?\s*(?P<dc>{CLOCK}))?"
        );
        let duration = format!(
            r"(?:(?P<lead>within|in|in the next|over the next|in under|in less than|under|less than|up to|no more than|no later than)\s+(?:the\s+next\s+)?)?(?P<n1>{NUM})(?:\s*(?:-|to|or)\s*(?P<n2>{NUM}))?\s+(?P<biz>business\s+|working\s+|work\s+|calendar\s+)?(?P<unit>minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\b"
        );
        let within_the = r"(?:within|in)\s+the\s+(?P<wunit>hour|day|week)\b".to_string();
        let eod = r"(?:by\s+|before\s+)?(?:the\s+)?(?:end\s+of\s+(?:the\s+|this\s+|today's\s+)?(?:business\s+|working\s+|work\s+)?day|eod|cob|close\s+of\s+business)\b(?:\s+today)?".to_string();
        let later_today = format!(r"(?:later\s+today|this\s+(?P<tpart>{PART}))");
        let week = r"(?:by\s+|before\s+|until\s+)?(?:the\s+)?(?:(?P<wpos>end\s+of|early|later|late|middle\s+of)\s+)?(?:(?:the\s+)?(?P<wwhich>this|next|the)\s+)(?P<wspan>week|month)\b".to_string();
        let next_bday = r"(?:the\s+)?next\s+(?:business|working)\s+day".to_string();
        let date_md = format!(
            r"(?:(?:on|by|before|until)\s+)?(?:(?P<m1>{MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?|(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTH})\b)(?:,?\s+(?P<y>20\d\d))?(?:,?\s+(?:by|at|before)?\s*(?P<mc>{CLOCK}))?"
        );
        let iso = r"(?:(?:on|by|before|until)\s+)?(?P<iy>20\d\d)-(?P<im>\d\d)-(?P<id>\d\d)".to_string();
        let pattern = [
            clock_day, day_clock, date_md, iso, duration, within_the, eod, later_today, week,
            next_bday,
        ]
        .map(|p| format!("(?:{p})"))
        .join("|");
        Regex::new(&format!(r"\b(?:{pattern})")).unwrap_or_else(|_| Regex::new("$^").unwrap())
    })
}

/// Words that put a sentence in the future or make it a commitment.
fn future_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\b(?:will|shall|going to|gonna|expect|promise|plan to|aim to|scheduled|due|on (?:its|it's|their|the) way|allow|arrives?|arriving|ships?|shipping|should (?:arrive|be|reach|land|see|get|have|receive|show|appear|hear)|let me|we can|i can|takes?|within|back by)\b|'ll\b")
            .unwrap_or_else(|_| Regex::new("$^").unwrap())
    })
}

/// Cues before a time expression (in its clause) that make the time the customer's, not ours.
fn not_ours_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\b(?:if|unless|provided|as long as|once you|when you|after you|you have|you've got|you must|you need to|make sure|you can|you could|you would|you'd|to qualify|you ordered|you placed|you called|you contacted|you wrote|you received|you've been|you have been|waited|waiting|ago|since|last)\b")
            .unwrap_or_else(|_| Regex::new("$^").unwrap())
    })
}

/// A sentence asking the customer to do something ("please reply within 5 days", "pls provide
/// it within 24 hrs", "send us the receipt by Friday"), except "please allow/expect …".
fn is_request(sentence: &str) -> bool {
    let mut rest = sentence.trim_start_matches(|c: char| !c.is_alphanumeric());
    for p in ["please ", "pls ", "plz ", "kindly "] {
        if let Some(r) = rest.strip_prefix(p) {
            if r.starts_with("allow") || r.starts_with("expect") || r.starts_with("note") {
                return false;
            }
            return true;
        }
    }
    if let Some(r) = rest.strip_prefix("just ") {
        rest = r;
    }
    const ASKS: [&str; 12] = [
        "reply ",
        "respond ",
        "send ",
        "provide ",
        "dm ",
        "call us",
        "contact us",
        "email us",
        "let us know",
        "share ",
        "make sure",
        "remember to",
    ];
    ASKS.iter().any(|a| rest.starts_with(a))
}

/// Whether a matched time is a deadline and not something else that looks like one: "24/7",
/// hours of business ("9am-5pm", "from 9:30am"), a delay ("21 mins late", "3 days ago"), or a
/// number of units used as an adjective ("a 24 hour store").
fn is_a_deadline(sentence: &str, start: usize, end: usize, caps: &regex::Captures<'_>) -> bool {
    let after = &sentence[end..];
    let before = sentence[..start].trim_end();
    if after.starts_with('/') || before.ends_with('/') {
        return false;
    }
    let clockish =
        caps.name("tc").is_some() || caps.name("dc").is_some() || caps.name("dwd").is_some();
    if clockish {
        if after.trim_start().starts_with('-')
            || after.trim_start().starts_with("to ")
            || before.ends_with('-')
        {
            return false;
        }
        if before.ends_with(" from") || before.ends_with(" between") || before.ends_with(" open") {
            return false;
        }
    }
    if let Some(unit) = caps.name("unit") {
        let next_word = after
            .trim_start()
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        if matches!(
            next_word,
            "late" | "early" | "ago" | "behind" | "delay" | "delayed" | "old" | "long" | "overdue"
        ) {
            return false;
        }
        let n1 = caps.name("n1").map(|m| m.as_str()).unwrap_or("");
        let singular = !unit.as_str().ends_with('s');
        let counted = parse_count(n1).is_some_and(|n| n > 1) && caps.name("n2").is_none();
        if singular
            && counted
            && !next_word.is_empty()
            && !matches!(
                next_word,
                "and" | "or" | "to" | "for" | "from" | "of" | "after"
            )
        {
            return false;
        }
    }
    true
}

/// Time expressions that promise by themselves, whatever the verb.
fn forward_by_itself(s: &str) -> bool {
    s.starts_with("within")
        || s.starts_with("by ")
        || s.starts_with("before ")
        || s.contains("tomorrow")
        || s.contains("next ")
        || s.contains("end of")
        || s == "eod"
        || s == "cob"
}

/// Find the promises in `text`, sent at `sent`.
pub fn extract(text: &str, sent: Timestamp, cal: &Calendar) -> Vec<Promise> {
    let doc = Doc::new(text);
    let re = time_regex();
    let mut out = Vec::new();
    for si in 0..doc.sentences.len() {
        let s = doc.sentences[si];
        let (s_start, s_end) = (s.start as usize, s.end as usize);
        let sentence = &doc.norm[s_start..s_end];
        let trimmed = sentence.trim_end();
        if trimmed.ends_with('?') {
            continue;
        }
        if is_request(trimmed) {
            continue;
        }
        let future = future_regex().is_match(sentence);
        let mut found: Vec<(usize, usize, Timestamp)> = Vec::new();
        for caps in re.captures_iter(sentence) {
            let Some(m) = caps.get(0) else { continue };
            let expr = m.as_str().trim();
            if expr.is_empty() {
                continue;
            }
            // "24/7", "1-800" numbers and the like are not times.
            if !is_a_deadline(sentence, m.start(), m.end(), &caps) {
                continue;
            }
            if !future && !forward_by_itself(expr) {
                continue;
            }
            let clause_start = sentence[..m.start()]
                .rfind([',', ';', ':'])
                .map(|i| i + 1)
                .unwrap_or(0);
            if not_ours_regex().is_match(&sentence[clause_start..m.start()]) {
                continue;
            }
            let Some(due) = due_of(&caps, sent, cal) else {
                continue;
            };
            // "2pm." ends the sentence; "2 p.m." keeps its dot.
            let mut end = m.end();
            if expr.ends_with('.') && !expr.ends_with(".m.") {
                end -= 1;
            }
            found.push((m.start(), end, due.max(sent)));
        }
        for (k, &(ws, we, due)) in found.iter().enumerate() {
            // The clause of this promise: from after the previous promise's cut to before the next.
            let from = if k == 0 {
                0
            } else {
                cut(sentence, found[k - 1].1, ws).1
            };
            let to = match found.get(k + 1) {
                Some(next) => cut(sentence, we, next.0).0,
                None => sentence.len(),
            };
            let (start, end) = doc.orig_span(s_start + from, s_start + to);
            let (when_start, when_end) = doc.orig_span(s_start + ws, s_start + we);
            let raw = &text[start..end];
            let lead = raw.len() - raw.trim_start().len();
            let clause = raw.trim();
            let clause = clause.trim_start_matches([',', ';', ' ']);
            let start = start + lead + (raw.trim().len() - clause.len());
            out.push(Promise {
                text: clause.to_string(),
                start,
                end: start + clause.len(),
                when: text[when_start..when_end].trim_end().to_string(),
                when_start,
                when_end: when_start + text[when_start..when_end].trim_end().len(),
                due,
            });
        }
    }
    out
}

/// Where to split a sentence between two promises, at the last clause break between them:
/// the end of the first clause and the start of the second (past the conjunction).
fn cut(sentence: &str, after: usize, before: usize) -> (usize, usize) {
    let between = &sentence[after..before];
    for sep in [
        "; ",
        ", and then ",
        ", and ",
        " and then ",
        " and ",
        ", then ",
        " then ",
        ", ",
    ] {
        if let Some(i) = between.rfind(sep) {
            return (after + i, after + i + sep.len());
        }
    }
    (after, after)
}

fn due_of(caps: &regex::Captures<'_>, sent: Timestamp, cal: &Calendar) -> Option<Timestamp> {
    let local = sent.to_zoned_datetime(cal.tz.clone());
    let today = local.date();
    let g = |name: &str| caps.name(name).map(|m| m.as_str());

    // "by 5pm (today|tomorrow|Friday)"
    if let Some(tc) = g("tc") {
        let time = parse_clock(tc)?;
        let date = match (g("tcday"), g("tcwd")) {
            (Some(d), _) => relative_day(d, today)?,
            (None, Some(wd)) => weekday_with_time(today, wd, time, sent, cal, false)?,
            (None, None) => {
                let t = cal.at(today, time)?;
                return if t > sent {
                    Some(t)
                } else {
                    cal.at(today.tomorrow().ok()?, time)
                };
            }
        };
        return cal.at(date, time);
    }
    // "tomorrow (morning) (at 10am)", "on Friday by noon"
    if g("dday").is_some() || g("dwd").is_some() {
        let time = match (g("dc"), g("dpart"), g("dday")) {
            (Some(c), _, _) => parse_clock(c)?,
            (None, Some(p), _) => part_time(p, cal),
            (None, None, Some("tonight")) => Time::constant(21, 0, 0, 0),
            _ => cal.end_of_day,
        };
        let next = caps.get(0).is_some_and(|m| m.as_str().starts_with("next"));
        let date = match (g("dday"), g("dwd")) {
            (Some(d), _) => relative_day(d, today)?,
            (None, Some(wd)) if g("dc").is_some() => {
                weekday_with_time(today, wd, time, sent, cal, next)?
            }
            (None, Some(wd)) => next_weekday(today, wd)?,
            _ => return None,
        };
        let due = cal.at(date, time)?;
        return Some(if due > sent {
            due
        } else {
            end_of_calendar_day(cal, today).unwrap_or(sent)
        });
    }
    // "on May 3", "by the 3rd of May, 2027 at noon"
    if let (Some(m), Some(d)) = (g("m1").or(g("m2")), g("d1").or(g("d2"))) {
        let month = month_number(m)?;
        let day: i8 = d.parse().ok()?;
        let time = match g("mc") {
            Some(c) => parse_clock(c)?,
            None => cal.end_of_day,
        };
        let date = match g("y") {
            Some(y) => Date::new(y.parse().ok()?, month, day).ok()?,
            None => {
                let this_year = Date::new(today.year(), month, day).ok()?;
                if this_year >= today {
                    this_year
                } else {
                    Date::new(today.year().checked_add(1)?, month, day).ok()?
                }
            }
        };
        return cal.at(date, time);
    }
    if let (Some(y), Some(m), Some(d)) = (g("iy"), g("im"), g("id")) {
        let date = Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()?;
        return cal.at(date, cal.end_of_day);
    }
    // "within 3-5 business days", "in 24 hours"
    if let Some(unit) = g("unit") {
        let n1 = parse_count(g("n1")?)?;
        let n = match g("n2") {
            Some(n2) => parse_count(n2)?.max(n1),
            None => n1,
        };
        let business = g("biz").is_some_and(|b| !b.starts_with("calendar"));
        return add_units(unit, n, business, sent, today, cal);
    }
    if let Some(unit) = g("wunit") {
        return add_units(unit, 1, false, sent, today, cal);
    }
    // "this afternoon", "later today"
    if let Some(p) = g("tpart") {
        let due = cal.at(today, part_time(p, cal))?;
        return Some(if due > sent {
            due
        } else {
            end_of_calendar_day(cal, today)?
        });
    }
    let all = caps.get(0)?.as_str();
    if all.starts_with("later today") {
        let due = cal.end_of(today)?;
        return Some(if due > sent {
            due
        } else {
            end_of_calendar_day(cal, today)?
        });
    }
    // "this week", "early next week", "by the end of the month"
    if let Some(span) = g("wspan") {
        let next = g("wwhich") == Some("next");
        let pos = g("wpos").unwrap_or("");
        if span == "week" {
            let base = if next {
                today.checked_add(7.days()).ok()?
            } else {
                today
            };
            let monday = base
                .checked_sub(i64::from(base.weekday().to_monday_zero_offset()).days())
                .ok()?;
            let date = if pos == "early" {
                // The second business day of the week.
                let first = if cal.is_business_day(monday) {
                    monday
                } else {
                    cal.add_business_days(monday, 1)?
                };
                cal.add_business_days(first, 1)?
            } else if pos.starts_with("middle") {
                monday.checked_add(2.days()).ok()?
            } else {
                cal.last_business_day_of_week(base)
            };
            let due = cal.end_of(date)?;
            return Some(if due > sent {
                due
            } else {
                end_of_calendar_day(cal, today)?
            });
        }
        let base = if next {
            today.checked_add(1.month()).ok()?
        } else {
            today
        };
        return cal.end_of(base.last_of_month());
    }
    if all.contains("next") && (all.contains("business") || all.contains("working")) {
        return cal.end_of(cal.add_business_days(today, 1)?);
    }
    // "by the end of the day", "EOD"
    let due = cal.end_of(today)?;
    Some(if due > sent {
        due
    } else {
        end_of_calendar_day(cal, today)?
    })
}

fn end_of_calendar_day(cal: &Calendar, d: Date) -> Option<Timestamp> {
    cal.at(d, Time::constant(23, 59, 59, 0))
}

fn relative_day(word: &str, today: Date) -> Option<Date> {
    match word {
        "tomorrow" => today.tomorrow().ok(),
        _ => Some(today),
    }
}

/// A weekday with a time: today when it is that day and the time is still ahead ("by Friday
/// 5pm" on a Friday morning), else the next one.
fn weekday_with_time(
    today: Date,
    name: &str,
    time: Time,
    sent: Timestamp,
    cal: &Calendar,
    next: bool,
) -> Option<Date> {
    let wd = weekday_from_index(weekday_index(name)?);
    if !next && today.weekday() == wd && cal.at(today, time)? > sent {
        return Some(today);
    }
    next_weekday(today, name)
}

/// The next `weekday` strictly after `today`.
fn next_weekday(today: Date, name: &str) -> Option<Date> {
    let wd = weekday_from_index(weekday_index(name)?);
    today.nth_weekday(1, wd).ok()
}

fn part_time(part: &str, cal: &Calendar) -> Time {
    match part {
        "morning" => Time::constant(12, 0, 0, 0),
        "afternoon" => cal.end_of_day.max(Time::constant(17, 0, 0, 0)),
        "evening" => Time::constant(20, 0, 0, 0),
        _ => Time::constant(23, 0, 0, 0),
    }
}

fn month_number(m: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    MONTHS
        .iter()
        .position(|p| m.starts_with(p))
        .map(|i| i as i8 + 1)
}

fn add_units(
    unit: &str,
    n: i64,
    business: bool,
    sent: Timestamp,
    today: Date,
    cal: &Calendar,
) -> Option<Timestamp> {
    if unit.starts_with("min") {
        return sent.checked_add(SignedDuration::from_mins(n)).ok();
    }
    if unit.starts_with('h') {
        if business {
            // Business hours count only on business days; a day of them is a working day.
            let days = (n + 7) / 8;
            return cal.end_of(cal.add_business_days(today, days)?);
        }
        return sent.checked_add(SignedDuration::from_hours(n)).ok();
    }
    if unit.starts_with('d') {
        let date = if business {
            cal.add_business_days(today, n)?
        } else {
            today.checked_add(n.days()).ok()?
        };
        return cal.end_of(date);
    }
    if unit.starts_with('w') {
        let date = if business {
            cal.add_business_days(today, n.checked_mul(5)?)?
        } else {
            today.checked_add((n.checked_mul(7)?).days()).ok()?
        };
        return cal.end_of(date);
    }
    let date = today.checked_add(n.months()).ok()?;
    cal.end_of(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday 23 November 2026, 10:00 UTC.
    fn monday() -> Timestamp {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    fn dues(text: &str) -> Vec<(String, String)> {
        extract(text, monday(), &Calendar::utc())
            .into_iter()
            .map(|p| (p.when, p.due.to_string()))
            .collect()
    }

    fn one(text: &str) -> String {
        let d = dues(text);
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        d[0].1.clone()
    }

    #[test]
    fn tomorrow_is_the_end_of_the_next_working_day_or_the_time_given() {
        assert_eq!(one("I'll call you tomorrow."), "2026-11-24T17:00:00Z");
        assert_eq!(
            one("I'll call you tomorrow at 2pm."),
            "2026-11-24T14:00:00Z"
        );
        assert_eq!(
            one("I'll call you tomorrow morning."),
            "2026-11-24T12:00:00Z"
        );
    }

    #[test]
    fn business_day_ranges_are_due_at_their_upper_bound() {
        // Monday + 5 business days = next Monday.
        assert_eq!(
            one("Your refund will arrive within 3-5 business days."),
            "2026-11-30T17:00:00Z"
        );
        assert_eq!(
            one("The refund takes 3 to 5 working days."),
            "2026-11-30T17:00:00Z"
        );
        assert_eq!(
            one("You'll get the refund within 5 days."),
            "2026-11-28T17:00:00Z"
        );
    }

    #[test]
    fn weekday_with_time() {
        assert_eq!(
            one("We'll update you by Friday 5pm."),
            "2026-11-27T17:00:00Z"
        );
        assert_eq!(
            one("We'll update you by 5pm on Friday."),
            "2026-11-27T17:00:00Z"
        );
        assert_eq!(one("I'll email you on Thursday."), "2026-11-26T17:00:00Z");
        // On a Monday, "Monday" is next week's, unless a time still ahead today is given.
        assert_eq!(one("I'll email you on Monday."), "2026-11-30T17:00:00Z");
        assert_eq!(one("I'll email you by Monday 3pm."), "2026-11-23T15:00:00Z");
        assert_eq!(one("I'll email you by 3pm Monday."), "2026-11-23T15:00:00Z");
        assert_eq!(one("I'll email you by Monday 9am."), "2026-11-30T09:00:00Z");
        assert_eq!(
            one("I'll email you next Monday at 3pm."),
            "2026-11-30T15:00:00Z"
        );
    }

    #[test]
    fn hours_are_exact() {
        assert_eq!(
            one("I'll get back to you in 24 hours."),
            "2026-11-24T10:00:00Z"
        );
        assert_eq!(
            one("Someone will call you within the hour."),
            "2026-11-23T11:00:00Z"
        );
        assert_eq!(
            one("I'll reply in 30 minutes with the tracking number."),
            "2026-11-23T10:30:00Z"
        );
    }

    #[test]
    fn end_of_day_week_and_month() {
        assert_eq!(one("I'll fix it by end of day."), "2026-11-23T17:00:00Z");
        assert_eq!(one("I'll fix it by EOD."), "2026-11-23T17:00:00Z");
        assert_eq!(one("We'll send it next week."), "2026-12-04T17:00:00Z");
        assert_eq!(
            one("We'll send it early next week."),
            "2026-12-01T17:00:00Z"
        );
        assert_eq!(
            one("We'll ship it by the end of the week."),
            "2026-11-27T17:00:00Z"
        );
        assert_eq!(
            one("The credit will show by the end of the month."),
            "2026-11-30T17:00:00Z"
        );
        assert_eq!(
            one("I'll confirm on the next business day."),
            "2026-11-24T17:00:00Z"
        );
    }

    #[test]
    fn a_time_already_past_today_is_tomorrows() {
        let sent: Timestamp = "2026-11-23T18:00:00Z".parse().unwrap();
        let p = extract("I'll call you by 5pm.", sent, &Calendar::utc());
        assert_eq!(p[0].due.to_string(), "2026-11-24T17:00:00Z");
    }

    #[test]
    fn dates() {
        assert_eq!(
            one("Your replacement will arrive on December 3."),
            "2026-12-03T17:00:00Z"
        );
        assert_eq!(
            one("We'll refund you by 3rd January."),
            "2027-01-03T17:00:00Z"
        );
        assert_eq!(
            one("The part will ship on 2026-12-10."),
            "2026-12-10T17:00:00Z"
        );
    }

    #[test]
    fn time_zone_and_business_days_come_from_the_team() {
        let team = TeamConfig {
            timezone: "America/New_York".into(),
            business_days: vec![
                "sun".into(),
                "mon".into(),
                "tue".into(),
                "wed".into(),
                "thu".into(),
            ],
            end_of_day: "18:00".into(),
            ..TeamConfig::default()
        };
        let cal = Calendar::from_team(&team).unwrap();
        // 10:00 UTC is 05:00 in New York; Thursday + 2 business days (Sun–Thu) = Monday.
        let sent: Timestamp = "2026-11-26T10:00:00Z".parse().unwrap();
        let p = extract("We'll fix it within 2 business days.", sent, &cal);
        assert_eq!(p[0].due.to_string(), "2026-11-30T23:00:00Z");
        let p = extract("I'll call you tomorrow.", sent, &cal);
        assert_eq!(p[0].due.to_string(), "2026-11-27T23:00:00Z");
    }

    #[test]
    fn bad_team_settings_are_named() {
        let mut team = TeamConfig {
            timezone: "Mars/Olympus".into(),
            ..TeamConfig::default()
        };
        assert!(Calendar::from_team(&team)
            .unwrap_err()
            .to_string()
            .contains("Mars/Olympus"));
        team.timezone = "+05:30".into();
        assert!(Calendar::from_team(&team).is_ok());
        team.business_days = vec!["funday".into()];
        assert!(Calendar::from_team(&team)
            .unwrap_err()
            .to_string()
            .contains("funday"));
    }

    #[test]
    fn spans_point_at_the_promise_and_its_time() {
        let text = "Hi Dana, sorry about the double charge. I've refunded it and you'll see it within 3-5 business days. Thanks!";
        let p = &extract(text, monday(), &Calendar::utc())[0];
        assert_eq!(&text[p.when_start..p.when_end], "within 3-5 business days");
        assert_eq!(&text[p.start..p.end], p.text);
        assert!(
            p.text.contains("you'll see it within 3-5 business days"),
            "{}",
            p.text
        );
    }

    #[test]
    fn two_promises_in_one_sentence_get_their_own_clauses() {
        let text = "I'll call you tomorrow and the refund will land within 5 business days.";
        let p = extract(text, monday(), &Calendar::utc());
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].text, "I'll call you tomorrow");
        assert_eq!(p[1].text, "the refund will land within 5 business days.");
    }

    #[test]
    fn not_promises() {
        for text in [
            "You ordered on Monday and it arrived 3 days late.",
            "Could you call us tomorrow?",
            "Please reply within 5 days with your order number.",
            "If you return it within 30 days, we'll refund it.",
            "We're here 24/7.",
            "I understand you've been waiting 2 weeks.",
            "We'll look into it soon.",
            "Sorry for the delay.",
            "Pls provide the details within the next 24 hrs.",
            "Send us the receipt by Friday and we'll sort it.",
            "We'll be open to serve you from 9:30AM-4PM Monday-Friday.",
            "Our team will be there 9am - 5pm.",
            "The train will arrive 21 mins late.",
            "It will be a 24 hour store.",
            "You can request a refund within 14 days of purchase.",
            "To qualify you would have to cancel within 24 hours.",
            "Revisa el enlace para problemas de cobro.",
        ] {
            assert!(dues(text).is_empty(), "{text}: {:?}", dues(text));
        }
    }

    #[test]
    fn please_allow_is_a_promise() {
        assert_eq!(
            one("Please allow 3-5 business days for the refund to appear."),
            "2026-11-30T17:00:00Z"
        );
    }

    #[test]
    fn clocks() {
        assert_eq!(parse_clock("5pm"), Some(Time::constant(17, 0, 0, 0)));
        assert_eq!(parse_clock("5:30 p.m."), Some(Time::constant(17, 30, 0, 0)));
        assert_eq!(parse_clock("12am"), Some(Time::constant(0, 0, 0, 0)));
        assert_eq!(parse_clock("17:00"), Some(Time::constant(17, 0, 0, 0)));
        assert_eq!(parse_clock("25:00"), None);
        assert_eq!(parse_clock("13pm"), None);
    }
}
