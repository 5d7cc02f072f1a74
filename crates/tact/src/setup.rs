//! Loading `tact.toml` and building the checker it describes.

use crate::user_error;
use anyhow::Result;
use std::path::{Path, PathBuf};
use tact_core::config::parse_rule_file;
use tact_core::{Checker, Config};

/// The loaded config and where it came from.
pub struct Setup {
    pub config: Config,
    pub path: Option<PathBuf>,
}

/// Load `--config FILE`, or `./tact.toml` when it exists, or the defaults.
pub fn load(explicit: Option<&Path>) -> Result<Setup> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => {
            let p = PathBuf::from("tact.toml");
            p.is_file().then_some(p)
        }
    };
    let Some(path) = path else {
        return Ok(Setup {
            config: Config::default(),
            path: None,
        });
    };
    let name = path.display().to_string();
    let bytes =
        std::fs::read(&path).map_err(|e| user_error(format!("{name}: cannot read config: {e}")))?;
    let text = crate::input::decode(&name, bytes)?;
    let config = Config::parse(&name, &text).map_err(|e| user_error(e.to_string()))?;
    Ok(Setup {
        config,
        path: Some(path),
    })
}

impl Setup {
    /// The folder of the config file (empty, meaning the current folder, without one).
    pub fn dir(&self) -> PathBuf {
        self.path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// Build the checker: built-in rules, the team's phrases and rule files, selection.
    pub fn checker(&self) -> Result<Checker> {
        let name = self
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "tact.toml".into());
        let base = self.dir();
        let mut extra = Vec::new();
        for f in &self.config.rules.files {
            let p = base.join(f);
            let pname = p.display().to_string();
            let bytes = std::fs::read(&p).map_err(|e| {
                user_error(format!("{name}: [rules].files: cannot read {pname}: {e}"))
            })?;
            let text = crate::input::decode(&pname, bytes)?;
            let pack = parse_rule_file(&pname, &text).map_err(|e| user_error(e.to_string()))?;
            extra.push((pname, pack));
        }
        self.config
            .build_checker(&name, extra)
            .map_err(|e| user_error(e.to_string()))
    }
}
