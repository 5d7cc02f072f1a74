//! Reading input: files or standard input, UTF-8 checked, size-limited, with errors that name
//! the file and the problem.

use crate::user_error;
use anyhow::Result;
use std::io::{BufRead, Read};
use std::ops::Range;
use std::path::Path;

/// The largest input tact reads at once.
pub const MAX_INPUT: u64 = 64 * 1024 * 1024;

/// A named input.
pub struct Input {
    /// The name shown in messages (`<stdin>` for standard input).
    pub name: String,
    pub text: String,
}

/// The inputs named on the command line, or standard input when none is.
pub fn files_or_stdin(files: &[std::path::PathBuf]) -> Vec<Option<std::path::PathBuf>> {
    if files.is_empty() {
        vec![None]
    } else {
        files.iter().cloned().map(Some).collect()
    }
}

/// Report skipped malformed JSON Lines records; exit code 2 when there were any.
pub fn malformed_lines_exit(bad: usize) -> Option<u8> {
    if bad == 0 {
        return None;
    }
    eprintln!(
        "tact: {bad} malformed line{} skipped",
        if bad == 1 { "" } else { "s" }
    );
    Some(2)
}

/// The error for input that could not be read, naming it.
fn cannot_read(name: &str, e: std::io::Error) -> anyhow::Error {
    user_error(format!("{name}: cannot read: {e}"))
}

/// Open a named file to read: its name for messages, the file and its length. A directory or
/// a file that cannot be opened is a clear error naming it.
fn open_file(p: &Path) -> Result<(String, std::fs::File, u64)> {
    let name = p.display().to_string();
    let file = std::fs::File::open(p).map_err(|e| cannot_read(&name, e))?;
    let meta = file.metadata().map_err(|e| cannot_read(&name, e))?;
    if meta.is_dir() {
        return Err(user_error(format!("{name}: is a directory, not a file")));
    }
    Ok((name, file, meta.len()))
}

/// Read `path` (`-` for standard input) as UTF-8.
pub fn read(path: Option<&Path>) -> Result<Input> {
    let (name, bytes) = match path.filter(|p| p.as_os_str() != "-") {
        None => ("<stdin>".to_string(), read_stdin()?),
        Some(p) => {
            let (name, mut file, len) = open_file(p)?;
            if len > MAX_INPUT {
                return Err(user_error(format!(
                    "{name}: {len} bytes is over the {MAX_INPUT}-byte limit"
                )));
            }
            let mut bytes = Vec::with_capacity(len as usize);
            file.read_to_end(&mut bytes)
                .map_err(|e| cannot_read(&name, e))?;
            (name, bytes)
        }
    };
    let text = decode(&name, bytes)?;
    Ok(Input { name, text })
}

/// A file or standard input read a batch of lines at a time, so a JSON Lines file of any size
/// is checked in bounded memory and its first results come out while the rest is read.
pub struct Lines {
    /// The name shown in messages (`<stdin>` for standard input).
    pub name: String,
    reader: Box<dyn BufRead>,
    /// Lines read so far.
    line: usize,
    started: bool,
    /// The line being read.
    scratch: Vec<u8>,
}

/// One line of a batch: its number and its place in the batch's text, or why it was skipped.
pub type BatchLine = (usize, std::result::Result<Range<usize>, String>);

/// Open `path` (`-` or none for standard input) to be read line by line.
pub fn lines(path: Option<&Path>) -> Result<Lines> {
    let (name, reader): (String, Box<dyn BufRead>) = match path.filter(|p| p.as_os_str() != "-") {
        None => ("<stdin>".into(), Box::new(std::io::stdin().lock())),
        Some(p) => {
            let (name, file, _) = open_file(p)?;
            (
                name,
                Box::new(std::io::BufReader::with_capacity(1 << 16, file)),
            )
        }
    };
    Ok(Lines {
        name,
        reader,
        line: 0,
        started: false,
        scratch: Vec::new(),
    })
}

impl Lines {
    /// Read the next lines that hold anything but white space into `text` (cleared first), up to
    /// `max_lines` of them or about `max_bytes`. Each comes with its number; a line over
    /// [`MAX_INPUT`] bytes, or one that is not UTF-8, comes with the reason it is skipped
    /// instead. Returns false when the input is exhausted and nothing was read.
    pub fn next_batch(
        &mut self,
        text: &mut String,
        out: &mut Vec<BatchLine>,
        max_lines: usize,
        max_bytes: usize,
    ) -> Result<bool> {
        text.clear();
        out.clear();
        let mut any = false;
        let mut line = std::mem::take(&mut self.scratch);
        while out.len() < max_lines && text.len() < max_bytes {
            line.clear();
            let Some(complete) = self.read_line(&mut line)? else {
                break;
            };
            any = true;
            self.line += 1;
            let n = self.line;
            let mut bytes = line.as_slice();
            if let Some(b) = bytes.strip_suffix(b"\r") {
                bytes = b;
            }
            if !self.started {
                self.started = true;
                if let Some(b) = bytes.strip_prefix(b"\xef\xbb\xbf") {
                    bytes = b;
                }
            }
            if !complete {
                let msg = format!("{}: the line is over the {MAX_INPUT}-byte limit", self.name);
                out.push((n, Err(msg)));
                continue;
            }
            match std::str::from_utf8(bytes) {
                Ok(l) if l.trim().is_empty() => {}
                Ok(l) => {
                    let start = text.len();
                    text.push_str(l);
                    out.push((n, Ok(start..text.len())));
                }
                Err(e) => out.push((
                    n,
                    Err(format!(
                        "{}: invalid UTF-8 at column {}; save the file as UTF-8",
                        self.name,
                        e.valid_up_to() + 1
                    )),
                )),
            }
        }
        // Kept for the next batch, unless an outsized line made it huge.
        if line.capacity() <= 16 << 20 {
            self.scratch = line;
        }
        Ok(any)
    }

    /// Append one line, without its newline, to `buf`. `None` at the end of the input;
    /// `Some(false)` when the line was longer than [`MAX_INPUT`] and only its start was kept.
    fn read_line(&mut self, buf: &mut Vec<u8>) -> Result<Option<bool>> {
        // Bytes of the line so far; past the limit, the rest is read and dropped.
        let mut total = 0usize;
        let mut read_any = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(cannot_read(&self.name, e)),
            };
            if chunk.is_empty() {
                return Ok(read_any.then_some(total as u64 <= MAX_INPUT));
            }
            read_any = true;
            let (len, done) = match memchr::memchr(b'\n', chunk) {
                Some(i) => (i, true),
                None => (chunk.len(), false),
            };
            let keep = len.min((MAX_INPUT as usize).saturating_sub(total));
            buf.extend_from_slice(&chunk[..keep]);
            total += len;
            self.reader.consume(len + usize::from(done));
            if done {
                return Ok(Some(total as u64 <= MAX_INPUT));
            }
        }
    }
}

fn read_stdin() -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT + 1)
        .read_to_end(&mut buf)
        .map_err(|e| cannot_read("<stdin>", e))?;
    if buf.len() as u64 > MAX_INPUT {
        return Err(user_error(format!(
            "<stdin>: input is over the {MAX_INPUT}-byte limit"
        )));
    }
    Ok(buf)
}

/// UTF-8 decode with an error naming the line and column of the first bad byte.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let before = &bytes[..at];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = at
                - before
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map(|i| i + 1)
                    .unwrap_or(0)
                + 1;
            Err(user_error(format!(
                "{name}:{line}:{col}: invalid UTF-8 (byte offset {at}); save the file as UTF-8"
            )))
        }
    }
}
