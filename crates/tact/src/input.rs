//! Reading input: files or standard input, UTF-8 checked, size-limited, with errors that name
//! the file and the problem.

use crate::user_error;
use anyhow::Result;
use std::io::Read;
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

/// Read `path` (`-` for standard input) as UTF-8.
pub fn read(path: Option<&Path>) -> Result<Input> {
    let (name, bytes) = match path {
        None => ("<stdin>".to_string(), read_stdin()?),
        Some(p) if p.as_os_str() == "-" => ("<stdin>".to_string(), read_stdin()?),
        Some(p) => {
            let name = p.display().to_string();
            let meta = std::fs::metadata(p)
                .map_err(|e| user_error(format!("{name}: cannot read: {e}")))?;
            if meta.is_dir() {
                return Err(user_error(format!("{name}: is a directory, not a file")));
            }
            if meta.len() > MAX_INPUT {
                return Err(user_error(format!(
                    "{name}: {} bytes is over the {MAX_INPUT}-byte limit",
                    meta.len()
                )));
            }
            let bytes =
                std::fs::read(p).map_err(|e| user_error(format!("{name}: cannot read: {e}")))?;
            (name, bytes)
        }
    };
    let text = decode(&name, bytes)?;
    Ok(Input { name, text })
}

fn read_stdin() -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_INPUT + 1)
        .read_to_end(&mut buf)
        .map_err(|e| user_error(format!("<stdin>: cannot read: {e}")))?;
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
